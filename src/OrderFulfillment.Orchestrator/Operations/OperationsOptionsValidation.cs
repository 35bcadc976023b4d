using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// Refuses to start with a dwell limit for a state orders do not wait in (a typo would otherwise never breach) or a
/// limit, window or interval that is not positive.
/// </summary>
internal sealed class OperationsOptionsValidation(SagaGraph graph) : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var waiting = graph.WaitingStates;
        var failures = options.DwellLimits
            .Where(l => !waiting.Contains(l.Key) || l.Value <= TimeSpan.Zero)
            .Select(l =>
                $"Operations:DwellLimits:{l.Key} must name a waiting state ({string.Join(", ", waiting)}) and be " +
                $"above zero.")
            .ToList();
        if (options.DwellWindow <= TimeSpan.Zero || options.StatisticsInterval <= TimeSpan.Zero
            || options.TotalsRecountInterval < TimeSpan.Zero)
        {
            failures.Add(
                "Operations:DwellWindow and Operations:StatisticsInterval must be above zero, " +
                "Operations:TotalsRecountInterval not below.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
