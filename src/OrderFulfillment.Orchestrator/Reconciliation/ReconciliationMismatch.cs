namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>
/// A finished order that broke a reconciliation rule: one row per order and rule, kept when it clears (resolved) so
/// the console can show what was found and when it healed.
/// </summary>
public sealed class ReconciliationMismatch
{
    /// <summary>Ascending with every new mismatch: the cursor of the mismatches list.</summary>
    public long Id { get; set; }

    public Guid OrderId { get; set; }

    public string TenantId { get; set; } = string.Empty;

    /// <summary>One of <see cref="ReconciliationRules.All"/>.</summary>
    public string Rule { get; set; } = string.Empty;

    /// <summary>The saga's outcome: Completed or Cancelled.</summary>
    public string Outcome { get; set; } = string.Empty;

    public string? CancellationReason { get; set; }

    /// <summary>How the ledgers disagree with the outcome, in words.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>What each ledger said at the last check.</summary>
    public List<LedgerFact> Ledgers { get; set; } = [];

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastCheckedAt { get; set; }

    /// <summary>When a later check found the rule kept; null while open.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>What one ledger held for the order; <see cref="Status"/> null when it has no record of it.</summary>
public sealed record LedgerFact(string Service, string? Status, int? Units, decimal? AmountUsd, string? TrackingNumber);

/// <summary>The job's single row: its watermark over finished orders and its last run.</summary>
public sealed class ReconciliationProgress
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    /// <summary>
    /// The last checked finished order's UpdatedAt; with <see cref="WatermarkOrderId"/>, where the next run goes on.
    /// </summary>
    public DateTimeOffset WatermarkUpdatedAt { get; set; }

    public Guid WatermarkOrderId { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>Orders the last completed run checked (new and re-checked).</summary>
    public int LastRunOrders { get; set; }

    /// <summary>Orders checked since the job first ran.</summary>
    public long OrdersChecked { get; set; }

    /// <summary>Why the last run could not finish (a worker unreachable); null when it did.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }
}
