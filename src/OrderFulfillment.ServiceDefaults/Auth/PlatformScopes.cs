namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// The claims the platform reads from a bearer token. Scopes travel space-separated in <see cref="Scope"/> (as OAuth
/// 2.0 access tokens carry them); each scope is also the name of the authorisation policy that requires it.
/// </summary>
public static class PlatformScopes
{
    /// <summary>Claim holding the granted scopes, space-separated; several such claims are joined.</summary>
    public const string Scope = "scope";

    /// <summary>Claim naming the tenant whose orders the caller submits and reads.</summary>
    public const string Tenant = "tenant";

    /// <summary>Submit orders for the token's tenant.</summary>
    public const string OrdersWrite = "orders:write";

    /// <summary>Read the token's tenant's orders.</summary>
    public const string OrdersRead = "orders:read";

    /// <summary>Set and read stock.</summary>
    public const string StockWrite = "stock:write";

    /// <summary>Operations: read payments, shipments and stock, and the operations endpoints.</summary>
    public const string Operate = "operate";

    /// <summary>Every scope, in the order they are documented.</summary>
    public static readonly IReadOnlyList<string> All = [OrdersWrite, OrdersRead, StockWrite, Operate];
}
