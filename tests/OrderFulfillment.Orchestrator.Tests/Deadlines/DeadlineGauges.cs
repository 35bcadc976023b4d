using System.Diagnostics.Metrics;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>Reads the sweeper's gauges of one host (its meter factory), as an exporter would.</summary>
internal sealed class DeadlineGauges : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    public DeadlineGauges(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters)
                && instrument.Name.StartsWith("orderfulfillment.saga.deadlines.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _values[instrument.Name] = value);
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _values[instrument.Name] = value);
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _values[instrument.Name] = value);
        _listener.Start();
    }

    /// <summary>The gauge's current value.</summary>
    public double this[string name]
    {
        get
        {
            _listener.RecordObservableInstruments();
            return _values.GetValueOrDefault("orderfulfillment.saga.deadlines." + name);
        }
    }

    public void Dispose() => _listener.Dispose();
}
