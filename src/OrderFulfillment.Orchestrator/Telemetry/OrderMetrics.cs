using System.Diagnostics.Metrics;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Orchestrator.Telemetry;

/// <summary>The orchestrator's business metrics, under the platform's meter.</summary>
public sealed class OrderMetrics
{
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _stepDuration;

    public OrderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryExtensions.PlatformSource);
        _submitted =
            meter.CreateCounter<long>("orderfulfillment.orders.submitted", "{order}", "Orders accepted by the API.");
        _finished = meter.CreateCounter<long>("orderfulfillment.orders.finished", "{order}",
            "Orders that reached a final state, by state and reason.");
        _stepDuration = meter.CreateHistogram<double>("orderfulfillment.saga.step.duration", "s",
            "Time an order spent in a saga state before leaving it, by state left and state entered.");
    }

    // No tenant tag: one series per tenant grows without bound, and the metrics endpoint is open to scrapers.
    public void Submitted() => _submitted.Add(1);

    public void Finished(string state, string? reason) =>
        _finished.Add(1, new("state", state), new("reason", reason ?? "none"));

    public void StepTook(string fromState, string toState, TimeSpan duration) =>
        _stepDuration.Record(duration.TotalSeconds, new("from", fromState), new("to", toState));
}
