namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>Why an order was cancelled, as published in OrderCancelled and shown by the API.</summary>
public static class CancellationReasons
{
    public const string OutOfStock = "out_of_stock";
    public const string PaymentFailed = "payment_failed";
    public const string Timeout = "timeout";

    /// <summary>The customer asked for it (<c>POST /orders/{id}/cancel</c>) before the order shipped.</summary>
    public const string CustomerRequested = "customer_requested";

    /// <summary>
    /// An operator cancelled it (<c>POST /operations/orders/{id}/cancel</c>), with a note saying why.
    /// </summary>
    public const string OperatorRequested = "operator_requested";

    /// <summary>Every reason, as the orders list accepts them.</summary>
    public static readonly IReadOnlyList<string> All =
        [OutOfStock, PaymentFailed, Timeout, CustomerRequested, OperatorRequested];
}
