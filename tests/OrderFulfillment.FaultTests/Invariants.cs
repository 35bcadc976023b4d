using System.Globalization;
using System.Text;
using Confluent.Kafka;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>A record the suite produced on purpose that the platform must dead-letter, once.</summary>
internal sealed record InjectedRecord(string Topic, int Partition, long Offset, string Kind, string Reason);

/// <summary>What one scenario saw: the row of the reliability table, and every invariant it found broken.</summary>
internal sealed class ScenarioResult(string name)
{
    public string Name { get; } = name;

    public int Orders { get; set; }

    public int Completed { get; set; }

    public SortedDictionary<string, int> CancelledByReason { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> DeadLettersByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>From the end of the fault to a quiet platform.</summary>
    public TimeSpan? Recovery { get; set; }

    /// <summary>
    /// From a restarted service's start until it consumed again on every partition that had records waiting.
    /// </summary>
    public TimeSpan? ConsumingAgain { get; set; }

    public List<string> Violations { get; } = [];

    public List<string> Notes { get; } = [];
}

/// <summary>
/// The invariants of shared/notes/invariants.md, checked at quiescence across the four databases and the audit and
/// dead-letter topics, for the orders of one scenario and the records produced since it started.
/// </summary>
internal sealed class Invariants(FaultPlatform platform, LoadPlan plan, IReadOnlyDictionary<int, Guid> accepted,
    IReadOnlyDictionary<TopicPartition, long> marks, IReadOnlyList<InjectedRecord> injected, ScenarioResult result)
{
    private static readonly string[] Terminal = [LoadPlan.Completed, LoadPlan.Cancelled];
    private readonly Dictionary<Guid, PlannedOrder> _orders =
        accepted.ToDictionary(a => a.Value, a => plan.Orders[a.Key]);

    /// <summary>Snapshot of every topic's and dead-letter topic's end, taken when a scenario starts.</summary>
    public static Dictionary<TopicPartition, long> Marks(FaultPlatform platform) =>
        platform.Kafka.HighWatermarks(Topology.AllTopics.Concat(Topology.DeadLetterTopics));

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        Violate(accepted.Count != plan.Orders.Count,
            $"only {accepted.Count} of {plan.Orders.Count} planned orders were accepted");
        var ids = _orders.Keys.ToArray();
        var sagas = await Sagas(ids, cancellationToken);
        result.Orders = ids.Length;
        result.Completed = sagas.Values.Count(s => s.State == LoadPlan.Completed);
        foreach (var reason in sagas.Values.Where(s => s.State == LoadPlan.Cancelled)
            .GroupBy(s => s.Reason ?? "(none)"))
        {
            result.CancelledByReason[reason.Key] = reason.Count();
        }

        CheckOutcomes(sagas);
        await CheckAuditTrail(sagas, cancellationToken);
        await CheckInventory(sagas, cancellationToken);
        await CheckPayments(sagas, cancellationToken);
        await CheckShipments(sagas, cancellationToken);
        await CheckOutboxesAndLag(cancellationToken);
        var deadLettered = CheckDeadLetters();
        await CheckOffsetsBehindEffects(deadLettered, cancellationToken);
    }

    /// <summary>
    /// (1) one saga per accepted order, (2) every saga ended, (13) each as it would have ended without the fault.
    /// </summary>
    private void CheckOutcomes(Dictionary<Guid, (string State, string? Reason)> sagas)
    {
        var missing = _orders.Keys.Count(id => !sagas.ContainsKey(id));
        Violate(missing > 0, $"{missing} accepted orders have no saga");
        var open = sagas.Where(s => !Terminal.Contains(s.Value.State)).ToList();
        Violate(open.Count > 0,
            $"{open.Count} sagas did not end: " + Sample(open.Select(s => $"{s.Key} in {s.Value.State}")));
        var unexpected = sagas
            .Where(s => Terminal.Contains(s.Value.State))
            .Where(s => s.Value.State != _orders[s.Key].ExpectedState
                || s.Value.Reason != _orders[s.Key].ExpectedReason)
            .GroupBy(s =>
                $"expected {_orders[s.Key].ExpectedState} {_orders[s.Key].ExpectedReason}, got {s.Value.State} " +
                $"{s.Value.Reason}")
            .Select(g => $"{g.Count()}× {g.Key}")
            .ToList();
        Violate(unexpected.Count > 0, "the fault decided outcomes: " + string.Join("; ", unexpected));
    }

    /// <summary>Every order ended exactly once on the audit topics, with the saga's outcome and reason.</summary>
    private async Task CheckAuditTrail(Dictionary<Guid, (string State, string? Reason)> sagas,
        CancellationToken cancellationToken)
    {
        var events = ReadWindow([Topics.OrderCompleted, Topics.OrderCancelled]);
        var byOrder = events
            .Select(e =>
                (Order: Guid.TryParse(Encoding.UTF8.GetString(e.Key ?? []), out var id) ? id : Guid.Empty, Record: e))
            .Where(e => _orders.ContainsKey(e.Order))
            .GroupBy(e => e.Order)
            // A redelivered record (same message id, byte for byte) is the same final event, not a second ending.
            .ToDictionary(g => g.Key, g => g.Select(e => e.Record)
                .DistinctBy(r => r.Header(KafkaHeaders.MessageId) ?? $"{r.Topic}/{r.Partition}/{r.Offset}").ToList());
        var none = _orders.Keys.Count(id => !byOrder.ContainsKey(id));
        var several = byOrder.Where(o => o.Value.Count > 1).ToList();
        Violate(none > 0, $"{none} orders have no OrderCompleted or OrderCancelled on the audit topics");
        Violate(several.Count > 0,
            $"{several.Count} orders ended more than once on the audit topics (distinct message ids): " +
            Sample(several.Select(o =>
                $"{o.Key} ×{o.Value.Count} ({string.Join(", ", o.Value.Select(r => r.Topic))})")));
        var mismatched = byOrder.Where(o => o.Value.Count == 1 && sagas.TryGetValue(o.Key,
            out var saga) && !Matches(o.Value[0], saga)).ToList();
        Violate(mismatched.Count > 0, $"{mismatched.Count} audit events disagree with their saga: "
            + Sample(mismatched.Select(m => m.Key.ToString())));
        await Task.CompletedTask;
    }

    /// <summary>
    /// (4) reservations are all or nothing and released when cancelled, (5) stock is conserved and exact.
    /// </summary>
    private async Task CheckInventory(Dictionary<Guid, (string State, string? Reason)> sagas,
        CancellationToken cancellationToken)
    {
        var db = platform.ConnectionStrings["inventory"];
        var reservations = (await Database.Query(db,
                """
                SELECT r."OrderId", r."Status", l."ProductId", l."Quantity"
                FROM reservations r LEFT JOIN reservation_lines l ON l."OrderId" = r."OrderId"
                WHERE r."OrderId" = ANY($1)
                """,
                r => (Order: r.GetGuid(0), Status: r.GetString(1), Product: r.IsDBNull(2) ? null : r.GetString(2),
                    Quantity: r.IsDBNull(3) ? 0 : r.GetInt32(3)),
                cancellationToken, _orders.Keys.ToArray()))
            .GroupBy(r => r.Order)
            .ToDictionary(g => g.Key, g => (g.First().Status,
                Lines: g.Where(l => l.Product is not null).ToDictionary(l => l.Product!, l => l.Quantity)));
        var problems = new List<string>();
        foreach (var (id, saga) in sagas)
        {
            var planned = _orders[id].Lines.ToDictionary(l => l.ProductId, l => l.Quantity);
            var found = reservations.TryGetValue(id, out var reservation);
            if (saga.State == LoadPlan.Completed
                && !(found && reservation.Status == "Shipped" && SameLines(reservation.Lines, planned)))
            {
                problems.Add($"completed {id}: reservation {(found ? reservation.Status : "missing")}");
            }
            else if (saga.State == LoadPlan.Cancelled && found && reservation.Status is "Reserved" or "Shipped")
            {
                problems.Add($"cancelled {id} ({saga.Reason}): reservation still {reservation.Status}");
            }
            else if (found && reservation.Lines.Any(l => !planned.TryGetValue(l.Key, out var q) || q != l.Value))
            {
                problems.Add($"{id}: reserved lines differ from the order's");
            }
        }

        Violate(problems.Count > 0, $"{problems.Count} reservations are wrong: " + Sample(problems));
        var stock = await Database.Query(db,
            """SELECT "ProductId", "Available", "Reserved", "Shipped" FROM stock WHERE "ProductId" = ANY($1)""",
            r => (Product: r.GetString(0), Available: r.GetInt32(1), Reserved: r.GetInt32(2), Shipped: r.GetInt32(3)),
            cancellationToken, plan.InitialStock.Keys.ToArray());
        var expectedShipped = plan.ExpectedShipped;
        foreach (var s in stock)
        {
            var initial = plan.InitialStock[s.Product];
            Violate(s.Available + s.Reserved + s.Shipped != initial || s.Available < 0 || s.Reserved < 0
                || s.Shipped < 0,
                $"stock of {s.Product} not conserved: {initial} seeded, now available {s.Available} + reserved " +
                $"{s.Reserved} + shipped {s.Shipped}");
            var shippedByCompleted = sagas.Where(o => o.Value.State == LoadPlan.Completed)
                .SelectMany(o => _orders[o.Key].Lines).Where(l => l.ProductId == s.Product).Sum(l => l.Quantity);
            Violate(s.Reserved != 0 || s.Shipped != shippedByCompleted,
                $"stock of {s.Product}: reserved {s.Reserved}, shipped {s.Shipped}, but the completed orders shipped " +
                $"{shippedByCompleted} (as planned: {expectedShipped[s.Product]})");
        }

        Violate(stock.Count != plan.InitialStock.Count,
            $"only {stock.Count} of {plan.InitialStock.Count} products have stock rows");
    }

    /// <summary>
    /// (3) one charge per order, kept only by completed orders; (9) a cancelled order's charge refunded.
    /// </summary>
    private async Task CheckPayments(Dictionary<Guid, (string State, string? Reason)> sagas,
        CancellationToken cancellationToken)
    {
        var payments = (await Database.Query(platform.ConnectionStrings["payments"],
                """SELECT "OrderId", "Status", "AmountUsd" FROM payments WHERE "OrderId" = ANY($1)""",
                r => (Order: r.GetGuid(0), Status: r.GetString(1), Amount: r.GetDecimal(2)), cancellationToken,
                _orders.Keys.ToArray()))
            .ToDictionary(p => p.Order);
        var problems = new List<string>();
        foreach (var (id, saga) in sagas)
        {
            var found = payments.TryGetValue(id, out var payment);
            if (saga.State == LoadPlan.Completed
                && !(found && payment.Status == "Charged" && payment.Amount == _orders[id].TotalUsd))
            {
                problems.Add($"completed {id}: payment {(found ? $"{payment.Status} {payment.Amount}" : "missing")}");
            }
            else if (saga.State == LoadPlan.Cancelled && found && payment.Status == "Charged")
            {
                problems.Add($"cancelled {id} ({saga.Reason}): still charged {payment.Amount}");
            }
        }

        Violate(problems.Count > 0, $"{problems.Count} payments are wrong: " + Sample(problems));
    }

    /// <summary>(12) a completed order has one shipment; a cancelled order has none, or only a cancelled one.</summary>
    private async Task CheckShipments(Dictionary<Guid, (string State, string? Reason)> sagas,
        CancellationToken cancellationToken)
    {
        var db = platform.ConnectionStrings["shipping"];
        var columns = await Database.Query(db,
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'shipments'", r => r.GetString(0),
            cancellationToken);
        // A shipment cancelled by compensation is not a shipment of a cancelled order.
        var cancelledExpression = columns.Contains("Status") ? "\"Status\" = 'Cancelled'"
            : columns.Contains("CancelledAt") ? "\"CancelledAt\" IS NOT NULL" : "false";
        var shipments = await Database.Query(db,
            $"""SELECT "OrderId", {cancelledExpression} FROM shipments WHERE "OrderId" = ANY($1)""",
            r => (Order: r.GetGuid(0), Cancelled: r.GetBoolean(1)), cancellationToken, _orders.Keys.ToArray());
        var live = shipments.Where(s => !s.Cancelled).GroupBy(s => s.Order).ToDictionary(g => g.Key, g => g.Count());
        var completedWithout =
            sagas.Count(s => s.Value.State == LoadPlan.Completed && live.GetValueOrDefault(s.Key) != 1);
        var cancelledShipped =
            sagas.Where(s => s.Value.State == LoadPlan.Cancelled && live.ContainsKey(s.Key)).ToList();
        Violate(completedWithout > 0, $"{completedWithout} completed orders do not have exactly one shipment");
        Violate(cancelledShipped.Count > 0, $"{cancelledShipped.Count} cancelled orders have a shipment: " +
            string.Join(", ", cancelledShipped.GroupBy(s => s.Value.Reason).Select(g => $"{g.Count()} {g.Key}")));
    }

    /// <summary>(8) outboxes drained; (11) every group's lag back to zero.</summary>
    private async Task CheckOutboxesAndLag(CancellationToken cancellationToken)
    {
        var outbox = await Quiescence.OutboxRows(platform, cancellationToken);
        Violate(outbox > 0, $"{outbox} outbox rows undelivered");
        foreach (var (database, connectionString) in platform.ConnectionStrings)
        {
            // Where the relay parks rows it can never deliver (when the schema has that table): none may be there.
            var dead = await Database.Count(connectionString,
                """
                SELECT CASE WHEN to_regclass('"OutboxDeadLetter"') IS NULL THEN 0
                    ELSE (SELECT count(*) FROM "OutboxDeadLetter") END
                """,
                cancellationToken);
            Violate(dead > 0, $"{database}: {dead} outbox rows were given up as undeliverable");
        }
        var lag = Quiescence.Lag(platform);
        Violate(lag.Count > 0, "consumer lag not zero: " + string.Join(", ", lag.Select(l => $"{l.Key}={l.Value}")));
    }

    /// <summary>
    /// (7, 14) the dead-letter topics hold exactly the injected records, each once, and nothing else.
    /// </summary>
    private HashSet<(string, int, long)> CheckDeadLetters()
    {
        var letters = platform.Kafka.Read(Only(marks, Topology.DeadLetterTopics),
            platform.Kafka.HighWatermarks(Topology.DeadLetterTopics));
        foreach (var reason in letters.GroupBy(l => l.Header(KafkaHeaders.DeadLetter.Reason) ?? "(no reason)"))
        {
            result.DeadLettersByReason[reason.Key] = reason.Count();
        }

        var sources = letters.Select(l => (Letter: l, Source: (l.Header(KafkaHeaders.DeadLetter.SourceTopic) ?? "?",
                int.TryParse(l.Header(KafkaHeaders.DeadLetter.SourcePartition), CultureInfo.InvariantCulture, out var p)
                ? p : -1,
                long.TryParse(l.Header(KafkaHeaders.DeadLetter.SourceOffset), CultureInfo.InvariantCulture, out var o)
                ? o : -1L)))
            .ToList();
        var expected = injected.ToDictionary(i => (i.Topic, i.Partition, i.Offset));
        var unexpected = sources.Where(s => !expected.ContainsKey(s.Source)).ToList();
        Violate(unexpected.Count > 0,
            $"{unexpected.Count} dead letters were not injected: " + string.Join("; ", unexpected
            .GroupBy(u => $"{u.Source.Item1} {u.Letter.Header(KafkaHeaders.DeadLetter.Reason)}"
                + (u.Letter.Header(KafkaHeaders.DeadLetter.ExceptionType) is { } type
                ? $" ({type}: {Truncate(u.Letter.Header(KafkaHeaders.DeadLetter.ExceptionMessage))})" : ""))
            .Select(g => $"{g.Count()}× {g.Key}")));
        var wrongReason = sources.Where(s => expected.TryGetValue(s.Source,
            out var kind) && s.Letter.Header(KafkaHeaders.DeadLetter.Reason) != kind.Reason).ToList();
        Violate(wrongReason.Count > 0, $"{wrongReason.Count} injected records were dead-lettered with another reason: "
            + string.Join("; ", wrongReason
            .GroupBy(w =>
                $"{expected[w.Source].Kind} on {w.Source.Item1}: {w.Letter.Header(KafkaHeaders.DeadLetter.Reason)}, " +
                $"not {expected[w.Source].Reason}" +
                (w.Letter.Header(KafkaHeaders.DeadLetter.ExceptionMessage) is { } why ? $" ({Truncate(why)})" : ""))
            .Select(g => $"{g.Count()}× {g.Key}")));
        var twice = sources.GroupBy(s => s.Source).Where(g => g.Count() > 1).ToList();
        Violate(twice.Count > 0, $"{twice.Count} records were dead-lettered more than once");
        var found = sources.Select(s => s.Source).ToHashSet();
        var missing = injected.Where(i => !found.Contains((i.Topic, i.Partition, i.Offset))).ToList();
        Violate(missing.Count > 0,
            $"{missing.Count} of {injected.Count} injected bad records are not on a dead-letter topic: " +
            string.Join("; ",
                missing.GroupBy(m => m.Kind).Select(g => $"{g.Key} on {string.Join(", ", g.Select(m => m.Topic))}")));
        return found;
    }

    /// <summary>(6) every record below a group's committed offset has its inbox row (records that carry a message id
    /// and were not dead-lettered: those are the ones a consumer takes effect on).</summary>
    private async Task CheckOffsetsBehindEffects(HashSet<(string, int, long)> deadLettered,
        CancellationToken cancellationToken)
    {
        var checkedRecords = 0;
        foreach (var service in Topology.Consumed.GroupBy(c => c.Database))
        {
            var shouldHaveEffect = new HashSet<Guid>();
            foreach (var consumed in service)
            {
                var committed =
                    platform.Kafka.Committed(consumed.Group, consumed.Topic.Name, consumed.Topic.Partitions);
                foreach (var record in ReadWindow([consumed.Topic]))
                {
                    if (record.Offset < committed[new TopicPartition(record.Topic, record.Partition)]
                        && !deadLettered.Contains((record.Topic, record.Partition, record.Offset))
                        && Guid.TryParse(record.Header(KafkaHeaders.MessageId), out var messageId))
                    {
                        shouldHaveEffect.Add(messageId);
                    }
                }
            }

            var inbox = (await Database.Query(platform.ConnectionStrings[service.Key],
                """SELECT DISTINCT "MessageId" FROM "InboxState" WHERE "MessageId" = ANY($1)""", r => r.GetGuid(0),
                cancellationToken, shouldHaveEffect.ToArray())).ToHashSet();
            var ahead = shouldHaveEffect.Count(id => !inbox.Contains(id));
            checkedRecords += shouldHaveEffect.Count;
            Violate(ahead > 0,
                $"{service.Key}: {ahead} records below the committed offsets have no inbox row (offsets ahead of " +
                $"effects)");
        }

        // Every order of the load crosses consumed topics; a check that found nothing to check would prove nothing.
        Violate(checkedRecords == 0 && _orders.Count > 0,
            "no consumed record was found to check offsets against effects");
    }

    private List<TopicRecord> ReadWindow(IEnumerable<TopicDefinition> topics)
    {
        var list = topics.Select(t => (t.Name, t.Partitions)).ToList();
        return platform.Kafka.Read(Only(marks, list), platform.Kafka.HighWatermarks(list));
    }

    private async Task<Dictionary<Guid, (string State, string? Reason)>> Sagas(Guid[] ids,
        CancellationToken cancellationToken) =>
        (await Database.Query(platform.ConnectionStrings["orders"],
            """
            SELECT "CorrelationId", "CurrentState", "CancellationReason" FROM order_sagas
            WHERE "CorrelationId" = ANY($1)
            """,
            r => (Id: r.GetGuid(0), State: r.GetString(1), Reason: r.IsDBNull(2) ? null : r.GetString(2)),
            cancellationToken, ids))
        .ToDictionary(s => s.Id, s => (s.State, s.Reason));

    private bool Matches(TopicRecord record, (string State, string? Reason) saga)
    {
        if (record.Topic == Topics.OrderCompleted.Name)
        {
            return saga.State == LoadPlan.Completed;
        }

        var json = AvroJson.Decode(record.Value ?? [], platform.Avro.Schemas);
        var reason = json.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return saga.State == LoadPlan.Cancelled && reason == saga.Reason;
    }

    private static bool SameLines(Dictionary<string, int> reserved, Dictionary<string, int> planned) =>
        reserved.Count == planned.Count && planned.All(p => reserved.GetValueOrDefault(p.Key) == p.Value);

    private static Dictionary<TopicPartition, long> Only(IReadOnlyDictionary<TopicPartition, long> marks,
        IEnumerable<(string Topic, int Partitions)> topics)
    {
        var names = topics.Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        return marks.Where(m => names.Contains(m.Key.Topic)).ToDictionary(m => m.Key, m => m.Value);
    }

    private static string Sample(IEnumerable<string> items)
    {
        var list = items.ToList();
        return string.Join("; ", list.Take(5)) + (list.Count > 5 ? $" (and {list.Count - 5} more)" : "");
    }

    private static string? Truncate(string? text) => text is { Length: > 160 } ? text[..160] + "…" : text;

    private void Violate(bool broken, string what)
    {
        if (broken)
        {
            result.Violations.Add(what);
        }
    }
}
