using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderFulfillment.Testing;

/// <summary>
/// Listens to one instrument of one meter, as an exporter would, and keeps per value of one tag the last measurement
/// (for gauges) and the sum of all measurements (for counters).
/// </summary>
public sealed class MetricProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _last = new();
    private readonly ConcurrentDictionary<string, double> _sum = new();
    private readonly string _tag;

    public MetricProbe(string meter, string instrument, string tag)
    {
        _tag = tag;
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags));
        _listener.Start();
    }

    /// <summary>Gauges: the last value observed for the tag value (after polling the observable instruments).</summary>
    public double Last(string tagValue)
    {
        _listener.RecordObservableInstruments();
        return _last.GetValueOrDefault(tagValue);
    }

    /// <summary>Counters: the sum of what was added for the tag value.</summary>
    public double Sum(string tagValue) => _sum.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();

    private void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == _tag)
            {
                var key = tag.Value?.ToString() ?? string.Empty;
                _last[key] = value;
                _sum.AddOrUpdate(key, value, (_, sum) => sum + value);
            }
        }
    }
}
