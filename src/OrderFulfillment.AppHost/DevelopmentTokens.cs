using System.Net.Http.Headers;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.AppHost;

/// <summary>
/// The AppHost as the platform's development token issuer: a key pair made at start and kept in memory only, the
/// services told to trust its public key, and one ready-to-use token per role, valid while a working day lasts.
/// </summary>
internal sealed class DevelopmentTokens : IDisposable
{
    /// <summary>The tenant of the demo and of the role tokens that carry one.</summary>
    public const string DemoTenant = "demo";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly DevelopmentTokenIssuer _issuer = new();

    public DevelopmentTokens()
    {
        Roles = new Dictionary<string, string>
        {
            // A tenant's client: submits and reads its own orders.
            ["Orders"] = _issuer.Issue("demo-client", DemoTenant, [PlatformScopes.OrdersWrite,
                PlatformScopes.OrdersRead], Lifetime),
            ["Stock"] = _issuer.Issue("demo-stock-manager", null, [PlatformScopes.StockWrite], Lifetime),
            ["Operator"] =
                _issuer.Issue("demo-operator", null, [PlatformScopes.Operate, PlatformScopes.StockWrite], Lifetime),
        };
    }

    /// <summary>The orchestrator's own token (operate), which it presents to the workers for reconciliation.</summary>
    public string OrchestratorToken => _issuer.Issue("orchestrator", null, [PlatformScopes.Operate], Lifetime);

    /// <summary>Each role's token, by role name.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    /// <summary>Environment variables that make a service trust this issuer (public key only).</summary>
    public IReadOnlyDictionary<string, string> ServiceVariables =>
        _issuer.ServiceSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>An Authorization header with <paramref name="role"/>'s token.</summary>
    public AuthenticationHeaderValue Bearer(string role) => new("Bearer", Roles[role]);

    /// <summary>
    /// An Authorization header for <paramref name="tenant"/> with <paramref name="scopes"/>, for the fault suite.
    /// </summary>
    public AuthenticationHeaderValue Bearer(string tenant, IEnumerable<string> scopes) =>
        new("Bearer", _issuer.Issue("fault-suite", tenant, scopes, Lifetime));

    public void Dispose() => _issuer.Dispose();
}
