using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Sums one counter of <see cref="PersistenceTelemetry"/> by the value of one tag, as an exporter would see it.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricRecorder(string instrument, string tag)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == PersistenceTelemetry.Name && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == tag)
                {
                    _totals.AddOrUpdate(t.Value?.ToString() ?? string.Empty, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string tagValue] => _totals.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
