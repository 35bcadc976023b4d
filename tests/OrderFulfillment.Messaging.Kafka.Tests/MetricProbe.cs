using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>Listens to one rider instrument and keeps, per topic tag, the last value (gauges) or the sum (counters).</summary>
internal sealed class MetricProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _last = new();
    private readonly ConcurrentDictionary<string, double> _sum = new();

    public MetricProbe(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaTelemetry.Name && instrument.Name == instrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags));
        _listener.Start();
    }

    /// <summary>Gauges: the last value observed for the topic (after polling the observable instruments).</summary>
    public double Last(string topic)
    {
        _listener.RecordObservableInstruments();
        return _last.GetValueOrDefault(topic);
    }

    /// <summary>Counters: the sum of what was added for the topic.</summary>
    public double Sum(string topic) => _sum.GetValueOrDefault(topic);

    public void Dispose() => _listener.Dispose();

    private void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "topic" && tag.Value is string topic)
            {
                _last[topic] = value;
                _sum.AddOrUpdate(topic, value, (_, sum) => sum + value);
            }
        }
    }
}
