using System.Net.Http.Headers;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Testing;

/// <summary>
/// The token issuer of a test process: services started by the tests trust it (<see cref="ServiceSettings"/>), and
/// tests call them with its tokens.
/// </summary>
public static class TestTokens
{
    private static readonly DevelopmentTokenIssuer Issuer = new();

    /// <summary>Configuration that makes a service accept these tokens.</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings => Issuer.ServiceSettings;

    /// <summary>
    /// A token for <paramref name="tenant"/> (none when null) with <paramref name="scopes"/>, valid for an hour.
    /// </summary>
    public static string For(string? tenant, params string[] scopes) =>
        Issuer.Issue("test", tenant, scopes, TimeSpan.FromHours(1));

    /// <summary>A token with every scope that expired an hour ago (beyond any clock skew).</summary>
    public static string Expired(string tenant) =>
        Issuer.Issue("test", tenant, PlatformScopes.All, TimeSpan.FromHours(-1));

    /// <summary>An Authorization header carrying <see cref="For"/>.</summary>
    public static AuthenticationHeaderValue Bearer(string? tenant, params string[] scopes) =>
        new("Bearer", For(tenant, scopes));

    /// <summary>A header with every scope, for tests that are not about authorisation.</summary>
    public static AuthenticationHeaderValue Everything(string tenant = "t") => Bearer(tenant, [.. PlatformScopes.All]);
}
