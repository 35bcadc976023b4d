using System.Globalization;
using System.Text;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// The fault suite: each scenario drives a seeded load of orders through the HTTP API of the platform running as real
/// processes, injects its fault from outside, lets the platform recover, and checks every invariant at quiescence.
/// One platform is shared while scenarios leave it quiet; a scenario that leaves it unquiet gets the next one a fresh
/// platform. Order count and rate: FAULT_ORDERS (default 200) and FAULT_RATE (orders/s, default 20).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FaultScenarios
{
    private const int HardTimeoutMs = 8 * 60 * 1000;
    private static readonly TimeSpan RestartTarget = TimeSpan.FromSeconds(10);
    private static readonly int OrderCount = Setting("FAULT_ORDERS", 200);
    private static readonly double Rate = Setting("FAULT_RATE", 20.0);
    private readonly List<ScenarioResult> _results = [];
    private readonly string _run = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    private FaultPlatform? _platform;
    private bool _platformQuiet;
    private string _outputDirectory = "";

    public static IEnumerable<string> Services => FaultPlatform.Services.Select(s => s.Name);

    [OneTimeSetUp]
    public void Prepare()
    {
        _outputDirectory = Environment.GetEnvironmentVariable("FAULT_OUTPUT")
            ?? Path.Combine(TestContext.CurrentContext.WorkDirectory, "fault-results", _run);
        Directory.CreateDirectory(_outputDirectory);
        TestContext.Progress.WriteLine($"Fault suite output (report, process logs): {_outputDirectory}");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [Test, Order(1), CancelAfter(HardTimeoutMs)]
    public Task Without_a_fault_every_order_ends_as_planned_and_every_invariant_holds(
        CancellationToken cancellationToken) =>
        Run("no fault", 1, async s =>
        {
            await s.Load.Completion;
            s.FaultCleared = DateTimeOffset.UtcNow;
            // The suite checks lag, offsets and dead letters of the groups it knows; a service that reads a topic it
            // does not know of would go unchecked.
            var known = Topology.Consumed.Select(c => c.Group).ToHashSet(StringComparer.Ordinal);
            foreach (var service in Services)
            {
                foreach (var topic in Topics.All)
                {
                    var group = $"{service.ToLowerInvariant()}.{topic.Name}";
                    if (!known.Contains(group)
                        && s.Platform.Kafka.Committed(group, topic.Name, topic.Partitions).Values.Any(o => o > 0))
                    {
                        s.Result.Violations.Add(
                            $"consumer group {group} has committed offsets but is not in the suite's Topology");
                    }
                }
            }
        }, cancellationToken);

    [Test, Order(2), CancelAfter(HardTimeoutMs)]
    public Task A_service_killed_mid_load_and_restarted_within_10_s_cancels_no_order_and_consumes_again_within_10_s(
        [ValueSource(nameof(Services))] string service, CancellationToken cancellationToken) =>
        Run($"SIGKILL {service}, restart", 10 + Services.ToList().IndexOf(service), async s =>
        {
            await s.LoadReached(0.4);
            var recovery = Recovery.Snapshot(s.Platform, service);
            await s.Platform.Primary(service).KillAsync();
            // The fault itself: the service stays dead for 2 s, well within the 10 s the issue allows.
            await Task.Delay(TimeSpan.FromSeconds(2), s.CancellationToken);
            var restarted = s.Platform.ReplacePrimary(service);
            s.FaultCleared = restarted.StartedAt;
            var watching = recovery.WatchAsync(TimeSpan.FromSeconds(60), s.CancellationToken);
            await restarted.WaitUntilReadyAsync(s.Platform.Http, s.CancellationToken);
            await watching;
            s.Result.ConsumingAgain = await recovery.ConsumingAgainAsync(restarted.StartedAt, s.CancellationToken);
            if (s.Result.ConsumingAgain is not { } again || again > RestartTarget)
            {
                s.Result.Violations.Add($"the restarted {service} was consuming again on every waiting partition " +
                    (s.Result.ConsumingAgain is {
                        } t ? $"only {t.TotalSeconds:0.0} s" : "not within 60 s") + $" after its start (target " +
                            $"{RestartTarget.TotalSeconds:0} s)");
            }
        }, cancellationToken);

    [Test, Order(3), CancelAfter(HardTimeoutMs)]
    public Task A_rolling_restart_with_SIGTERM_cancels_no_order([ValueSource(nameof(Services))] string service,
        CancellationToken cancellationToken) =>
        Run($"SIGTERM rolling restart of {service}", 20 + Services.ToList().IndexOf(service), async s =>
        {
            await s.LoadReached(0.4);
            // A deploy: the new instance starts and becomes ready, then the old one is stopped gracefully.
            var old = s.Platform.Primary(service);
            var replacement = s.Platform.ReplacePrimary(service);
            await replacement.WaitUntilReadyAsync(s.Platform.Http, s.CancellationToken);
            await old.StopAsync();
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(4), CancelAfter(HardTimeoutMs)]
    public Task All_brokers_down_for_90_s_under_load_cancels_no_order(CancellationToken cancellationToken) =>
        Run("all brokers down 90 s", 30, async s =>
        {
            await s.LoadReached(0.3);
            await s.Platform.Control.SetBrokerDownAsync(-1, s.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(90), s.CancellationToken);
            await s.Platform.Control.SetBrokerUpAsync(-1, s.CancellationToken);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(5), CancelAfter(HardTimeoutMs)]
    public Task One_broker_down_under_load_cancels_no_order(CancellationToken cancellationToken) =>
        Run("one broker down 30 s", 31, async s =>
        {
            await s.LoadReached(0.3);
            await s.Platform.Control.SetBrokerDownAsync(2, s.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(30), s.CancellationToken);
            await s.Platform.Control.SetBrokerUpAsync(2, s.CancellationToken);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(6), CancelAfter(HardTimeoutMs)]
    public Task A_500_ms_round_trip_on_a_broker_cancels_no_order(CancellationToken cancellationToken) =>
        Run("500 ms round trip on broker 1 for 30 s", 32, async s =>
        {
            await s.LoadReached(0.2);
            await s.Platform.Control.SetRoundTripDelayAsync(1, TimeSpan.FromMilliseconds(500), s.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(30), s.CancellationToken);
            await s.Platform.Control.SetRoundTripDelayAsync(1, TimeSpan.Zero, s.CancellationToken);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(7), CancelAfter(HardTimeoutMs)]
    public Task PostgreSQL_restarted_with_a_fast_shutdown_mid_load_cancels_no_order(
        CancellationToken cancellationToken) =>
        Run("PostgreSQL fast shutdown, down 10 s", 33, async s =>
        {
            await s.LoadReached(0.4);
            await s.Platform.RestartPostgresAsync(TimeSpan.FromSeconds(10), s.CancellationToken);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(8), CancelAfter(HardTimeoutMs)]
    public Task An_extra_replica_joining_and_leaving_gracefully_under_load_cancels_no_order(
        [ValueSource(nameof(Services))] string service, CancellationToken cancellationToken) =>
        Run($"extra {service} replica joins and leaves", 40 + Services.ToList().IndexOf(service), async s =>
        {
            await s.LoadReached(0.25);
            var replica = await s.Platform.StartReplicaAsync(service, s.CancellationToken);
            await s.LoadReached(0.7);
            await s.Platform.StopReplicaAsync(replica);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(9), CancelAfter(HardTimeoutMs)]
    public Task A_third_inventory_instance_joining_and_leaving_cancels_no_order(CancellationToken cancellationToken) =>
        Run("second and third Inventory instances join and leave", 50, async s =>
        {
            await s.LoadReached(0.15);
            var second = await s.Platform.StartReplicaAsync("Inventory", s.CancellationToken);
            await s.LoadReached(0.35);
            var third = await s.Platform.StartReplicaAsync("Inventory", s.CancellationToken);
            await s.LoadReached(0.6);
            await s.Platform.StopReplicaAsync(third);
            await s.LoadReached(0.8);
            await s.Platform.StopReplicaAsync(second);
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(9), CancelAfter(HardTimeoutMs)]
    public Task Two_replicas_of_every_service_under_load_with_one_of_each_killed_mid_load_cancel_no_order(
        CancellationToken cancellationToken)
    {
        var replicas = new List<ServiceInstance>();
        return Run("two replicas of every service, one of each SIGKILLed at 40 %", 55, async s =>
        {
            await s.LoadReached(0.4);
            var takeovers =
                Services.ToDictionary(service => service, service => Recovery.Snapshot(s.Platform, service));
            var killedAt = DateTimeOffset.UtcNow;
            // Nothing is restarted: each service's survivor must take over the partitions of the one killed, and the
            // orders the killed orchestrator was taking are retried on the other, with the same Idempotency-Key.
            await Task.WhenAll(replicas.Select(s.Platform.KillReplicaAsync));
            s.FaultCleared = killedAt;
            await Task.WhenAll(
                takeovers.Values.Select(t => t.WatchAsync(TimeSpan.FromSeconds(60), s.CancellationToken)));
            foreach (var (service, takeover) in takeovers)
            {
                var consuming = await takeover.ConsumingAgainAsync(killedAt, s.CancellationToken);
                if (takeover.WaitingPartitions == 0)
                {
                    s.Result.Notes.Add($"{service}: no partition had records waiting at the kill");
                }
                else if (consuming is { } t)
                {
                    s.Result.Notes.Add(
                        $"{service}: handled again on all {takeover.WaitingPartitions} waiting partitions " +
                        $"{t.TotalSeconds:0.0} s after the kill");
                }
                else
                {
                    s.Result.Violations.Add(
                        $"{service}: the surviving replica did not handle its killed peer's waiting partitions " +
                        $"within 60 s");
                }
            }
        }, cancellationToken, before: async (platform, token) =>
            // Started and ready before the load, so the load runs on two members of every group from its first order.
            replicas.AddRange(
                await Task.WhenAll(Services.Select(service => platform.StartReplicaAsync(service, token)))));
    }

    [Test, Order(10), CancelAfter(HardTimeoutMs)]
    public Task Every_record_of_every_consumed_topic_redelivered_twice_changes_nothing_and_is_never_dead_lettered(
        CancellationToken cancellationToken) =>
        Run("every consumed record re-produced twice", 60, async s =>
        {
            await s.Load.Completion;
            var quiet = await Quiescence.WaitAsync(s.Platform, s.Load.Accepted.Values.ToList(), s.CancellationToken);
            if (!quiet.Reached)
            {
                s.Result.Violations.Add("not quiet before the duplicates were produced: " + quiet.State);
            }

            var records = s.ConsumedRecordsSinceStart();
            var produced = await BadRecords.DuplicateAsync(s.Platform.Kafka, records, s.CancellationToken);
            s.Result.Notes.Add(
                $"{records.Count} records of {records.Select(r => r.Topic).Distinct().Count()} consumed topics " +
                $"re-produced twice ({produced} records)");
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(11), CancelAfter(HardTimeoutMs)]
    public Task Bad_records_on_every_consumed_topic_are_dead_lettered_once_and_block_nothing(
        CancellationToken cancellationToken) =>
        Run("bad records on every consumed topic", 70, async s =>
        {
            await s.LoadReached(0.5);
            var seed = s.Seed;
            foreach (var consumed in Topology.Consumed)
            {
                var template = Template(s, consumed.Topic);
                if (template is null)
                {
                    template = await Synthesized(s.Platform.Avro, consumed, seed);
                    s.Result.Notes.Add(
                        $"no record of {consumed.Topic.Name} yet: bad records derived from a synthesized " +
                        $"{consumed.MessageType.Name}");
                }

                s.Injected.AddRange(await BadRecords.InjectAsync(s.Platform.Kafka, s.Platform.Avro, template,
                    consumed.Topic.Partitions, seed++, s.CancellationToken));
            }

            s.Result.Notes.Add(
                $"{s.Injected.Count} bad records injected on {s.Injected.Select(i => i.Topic).Distinct().Count()} " +
                $"topics, mid-load");
            s.FaultCleared = DateTimeOffset.UtcNow;
        }, cancellationToken);

    [Test, Order(12), CancelAfter(HardTimeoutMs)]
    public Task The_schema_registry_unavailable_for_60_s_while_a_service_restarts_cancels_no_order(
        CancellationToken cancellationToken) =>
        Run("schema registry down 60 s, Payments killed and restarted in it", 80, async s =>
        {
            await s.LoadReached(0.3);
            var registry = s.Platform.Registry;
            var refusedBefore = registry.RefusedRequests;
            registry.Unavailable = true;
            var down = DateTimeOffset.UtcNow;
            ServiceInstance restarted;
            try
            {
                // Running instances have resolved their schema ids at start; a restarted one must resolve them again.
                await s.Platform.Primary("Payments").KillAsync();
                restarted = s.Platform.ReplacePrimary("Payments");
                // The fault itself: the registry stays down 60 s in all.
                await Task.Delay(TimeSpan.FromSeconds(60) - (DateTimeOffset.UtcNow - down), s.CancellationToken);
                if (restarted.HasExited)
                {
                    s.Result.Violations.Add(
                        "the Payments instance started while the registry was down exited instead of waiting for it");
                }
                else if (await restarted.IsReadyAsync(s.Platform.Http, s.CancellationToken))
                {
                    s.Result.Violations.Add(
                        "the Payments instance started while the registry was down was ready without its schema ids");
                }
            }
            finally
            {
                registry.Unavailable = false;
            }

            s.FaultCleared = DateTimeOffset.UtcNow;
            var refused = registry.RefusedRequests - refusedBefore;
            s.Result.Notes.Add($"{refused} registry requests refused (503) during the outage");
            if (refused == 0)
            {
                s.Result.Violations.Add("nobody asked the registry during its outage: the scenario exercised nothing");
            }

            if (!restarted.HasExited)
            {
                await restarted.WaitUntilReadyAsync(s.Platform.Http, s.CancellationToken);
                s.Result.Notes.Add(
                    $"the restarted Payments was ready {(DateTimeOffset.UtcNow - s.FaultCleared).TotalSeconds:0.0} s " +
                    $"after the registry answered again");
            }
        }, cancellationToken);

    /// <summary>The newest good record of a topic (a message id and an Avro value), to derive bad ones from.</summary>
    private static TopicRecord? Template(Scenario s, TopicDefinition topic)
    {
        var highs = s.Platform.Kafka.HighWatermarks([(topic.Name, topic.Partitions)]);
        foreach (var (partition, high) in highs.Where(h => h.Value > 0).OrderByDescending(h => h.Value))
        {
            var records = s.Platform.Kafka.Read(new Dictionary<Confluent.Kafka.TopicPartition, long> { [
                partition] = Math.Max(0, high - 20) },
                new Dictionary<Confluent.Kafka.TopicPartition, long> { [partition] = high });
            var good = records.LastOrDefault(r => r.Header(KafkaHeaders.MessageId) is not null
                && r.Value is [ConfluentWireFormat.MagicByte, _, _, _, _, ..]);
            if (good is not null)
            {
                return good;
            }
        }

        return null;
    }

    /// <summary>
    /// A well-formed record of the topic's contract (its latest schema), for a topic that has carried none yet.
    /// </summary>
    private static async Task<TopicRecord> Synthesized(AvroRecords avro, ConsumedTopic consumed, int seed)
    {
        var random = new Random(seed);
        var (schemaId, schema) = await avro.LatestAsync(consumed.Topic);
        var record = AvroRecords.Complete(schema, random);
        var orderId = AvroRecords.NewGuid(random);
        record.Add("orderId", orderId);
        record.Add("tenantId", "tenant-fault");
        (string, byte[])[] headers =
        [
            (KafkaHeaders.MessageId, Encoding.UTF8.GetBytes(AvroRecords.NewGuid(random).ToString())),
            (KafkaHeaders.CorrelationId, Encoding.UTF8.GetBytes(orderId.ToString())),
            (KafkaHeaders.MessageType,
                Encoding.UTF8.GetBytes(MassTransit.MessageUrn.ForTypeString(consumed.MessageType))),
            (KafkaHeaders.ContentType, Encoding.UTF8.GetBytes(AvroMessageSerializer.AvroContentType.MediaType)),
        ];
        return new TopicRecord(consumed.Topic.Name, 0, -1, Encoding.UTF8.GetBytes(orderId.ToString()),
            ConfluentWireFormat.Encode(schemaId, record), headers);
    }

    /// <summary>
    /// Runs a scenario: <paramref name="before"/> (if any) on the healthy platform, then the load with <paramref
    /// name="fault"/>.
    /// </summary>
    private async Task Run(string name, int seed, Func<Scenario, Task> fault, CancellationToken cancellationToken,
        Func<FaultPlatform, CancellationToken, Task>? before = null)
    {
        var result = new ScenarioResult(name);
        try
        {
            var platform = await HealthyPlatform(cancellationToken);
            if (before is not null)
            {
                await before(platform, cancellationToken);
            }

            var marks = Invariants.Marks(platform);
            var plan = LoadPlan.Create($"{Slug(name)}-{_run}", seed, OrderCount);
            var load = await LoadDriver.StartAsync(platform, plan, Rate, cancellationToken);
            var scenario = new Scenario(platform, plan, load, marks, result, seed, cancellationToken);
            TestContext.Progress.WriteLine(
                $"[{DateTimeOffset.UtcNow:HH:mm:ss}] {name}: {plan.Orders.Count} orders at {Rate}/s");
            await fault(scenario);
            await load.Completion;
            var quiet = await Quiescence.WaitAsync(platform, load.Accepted.Values.ToList(), cancellationToken);
            _platformQuiet = quiet.Reached;
            if (quiet.Reached)
            {
                result.Recovery = DateTimeOffset.UtcNow - scenario.FaultCleared;
            }
            else
            {
                result.Violations.Add(
                    $"the platform did not become quiet (stalled {Quiescence.StallWindow.TotalSeconds:0} s or " +
                    $"{Quiescence.Cap.TotalMinutes:0} min): {quiet.State}");
            }

            await new Invariants(platform, plan, load.Accepted, marks, scenario.Injected, result)
                .CheckAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _platformQuiet = false;
            result.Violations.Add($"the scenario failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _results.Add(result);
            ScenarioReport.Write(Path.Combine(_outputDirectory, "reliability.md"), _results,
                $"Fault suite run {_run}: {OrderCount} orders per scenario at {Rate}/s; logs in {_outputDirectory}");
            TestContext.Progress.WriteLine(
                $"[{DateTimeOffset.UtcNow:HH:mm:ss}] {name}: {result.Completed} completed, " +
                $"{string.Join(", ", result.CancelledByReason.Select(c => $"{c.Value} {c.Key}"))}; violations: " +
                $"{result.Violations.Count}");
        }

        if (result.Violations.Count > 0)
        {
            Assert.Fail(string.Join(Environment.NewLine, result.Violations));
        }
    }

    /// <summary>
    /// The shared platform, restored after the previous scenario, or a fresh one if that left it unquiet.
    /// </summary>
    private async Task<FaultPlatform> HealthyPlatform(CancellationToken cancellationToken)
    {
        if (_platform is not null && !_platformQuiet)
        {
            TestContext.Progress.WriteLine("The previous scenario left the platform unquiet: starting a fresh one.");
            await _platform.DisposeAsync();
            _platform = null;
        }

        if (_platform is null)
        {
            _platform = await FaultPlatform.StartAsync(Path.Combine(_outputDirectory, "logs",
                DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture)), cancellationToken);
            _platformQuiet = true;
        }
        else
        {
            await _platform.RestoreAsync(cancellationToken);
        }

        return _platform;
    }

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Replace("--", "-", StringComparison.Ordinal);

    private static T Setting<T>(string variable, T fallback)
        where T : IParsable<T> =>
        T.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var value) ? value
        : fallback;
}
