namespace OrderFulfillment.Benchmarks;

/// <summary>
/// Runs one scenario on a running platform: seed, submit, wait for every final event, check, measure.
/// </summary>
internal sealed class ScenarioRunner(PlatformEnvironment platform, PlatformProbe probe, HttpClient orchestrator,
    HttpClient inventory)
{
    private static readonly TimeSpan ReadToEndDeadline = TimeSpan.FromSeconds(60);

    public async Task<ScenarioResult> Run(Scenario scenario, int run, CancellationToken cancellationToken)
    {
        var plan = OrderPlan.Create(scenario, run);
        var stock = new StockLedger(inventory);
        await stock.Seed(plan.InitialStock, cancellationToken);
        using var auditTrail = new AuditTrailListener(platform.KafkaBootstrapServers, platform.SchemaRegistryUrl);
        var meter = await ResourceMeter.Start(probe, cancellationToken);

        var submitter = new OrderSubmitter(orchestrator);
        var submission = scenario.OrdersPerSecond is { } rate
            ? await submitter.Paced(plan.Orders, rate, cancellationToken)
            : await submitter.Burst(plan.Orders, cancellationToken);
        var accepted = submission.Orders.Where(o => o.OrderId is not null).ToList();
        await auditTrail.WaitForFinalEvents(accepted.Select(o => o.OrderId!.Value).ToList(), Scenario.Stall,
            scenario.FinishCap, cancellationToken);
        await auditTrail.WaitUntilAtEnd(ReadToEndDeadline, cancellationToken);

        var shipped = accepted
            .Where(o => auditTrail.EventsOf(o.OrderId!.Value) is [{ Completed: true }, ..])
            .GroupBy(o => o.Plan.ProductId)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Plan.Quantity));
        var stockChecks = await stock.Check(plan.InitialStock, shipped, cancellationToken);
        var usage = await meter.Stop(cancellationToken);

        // Read to the end once more: a duplicate produced while the stock settled counts too.
        await auditTrail.WaitUntilAtEnd(ReadToEndDeadline, cancellationToken);
        return Measure(scenario, run, plan, submission, auditTrail, usage, stockChecks);
    }

    private static ScenarioResult Measure(Scenario scenario, int run, OrderPlan plan, Submission submission,
        AuditTrailListener auditTrail, ResourceUsage usage, IReadOnlyList<StockCheck> stock)
    {
        var outcomes = submission.Orders
            .Where(o => o.OrderId is not null)
            .Select(o => (Order: o, Events: auditTrail.EventsOf(o.OrderId!.Value)))
            .ToList();
        var ended = outcomes.Where(o => o.Events.Count > 0).ToList();
        var latencies =
            ended.Select(o => (o.Events[0].OccurredAt - o.Order.SubmittedAt).TotalMilliseconds).Order().ToList();
        var firstSubmit = submission.Orders.Min(o => o.SubmittedAt);
        var lastEnd = ended.Count > 0 ? ended.Max(o => o.Events[0].OccurredAt) : firstSubmit;
        var ends = new Outcomes(
            SubmitErrors: submission.Orders.Count(o => o.Error is not null),
            Missing: outcomes.Count - ended.Count,
            Duplicates: ended.Sum(o => o.Events.Count - 1),
            Completed: ended.Count(o => o.Events[0].Completed),
            CancelledByReason: ended.Where(o => !o.Events[0].Completed).GroupBy(o => o.Events[0].Reason!)
                .ToDictionary(g => g.Key, g => g.Count()),
            NotAsPlanned: ended.Count(o => !plan.EndedAsPlanned(o.Order.Plan, o.Events[0])),
            CompletedUnits: ended.Where(o => o.Events[0].Completed).Sum(o => o.Order.Plan.Quantity),
            UnitsToSell: plan.UnitsToSell);
        foreach (var error in submission.Orders.Select(o => o.Error).OfType<string>().Distinct().Take(5))
        {
            Console.WriteLine($"  submit error: {error}");
        }

        return new ScenarioResult(
            scenario.Name, run, submission.Orders.Count,
            submission.Duration.TotalSeconds,
            submission.MaxScheduleLag.TotalMilliseconds,
            ended.Count / (lastEnd - firstSubmit).TotalSeconds,
            Percentile.Of(latencies, 50), Percentile.Of(latencies, 95), Percentile.Of(latencies, 99),
            Percentile.Of(latencies, 100), ends, stock, usage);
    }
}
