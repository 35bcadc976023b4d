namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>Where the operations hub reaches the workers (section <c>Services</c>).</summary>
public sealed class WorkerServicesOptions
{
    /// <summary><c>Services:Inventory:Url</c>.</summary>
    public WorkerServiceOptions Inventory { get; set; } = new();

    /// <summary><c>Services:Payments:Url</c>.</summary>
    public WorkerServiceOptions Payments { get; set; } = new();

    /// <summary><c>Services:Shipping:Url</c>.</summary>
    public WorkerServiceOptions Shipping { get; set; } = new();

    /// <summary>
    /// The bearer token (scope <c>operate</c>) the orchestrator presents when it calls the workers on its own behalf,
    /// for reconciliation; a request made for an operator forwards the operator's token instead.
    /// </summary>
    public string? Token { get; set; }
}

/// <summary>One worker's address.</summary>
public sealed class WorkerServiceOptions
{
    /// <summary>
    /// The worker's base address, e.g. <c>http://localhost:5081</c>; unset, the worker counts as unreachable.
    /// </summary>
    public Uri? Url { get; set; }
}
