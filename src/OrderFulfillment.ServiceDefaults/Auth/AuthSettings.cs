namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// How a service validates bearer tokens (section <c>Auth</c>). Either <see cref="Authority"/> (keys from its OpenID
/// Connect discovery document) or <see cref="SigningKeys"/> (keys given here) must be set, or the service does not
/// start.
/// </summary>
public sealed class AuthSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>Base address of an OpenID Connect issuer whose published keys sign the tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Whether <see cref="Authority"/> must be HTTPS; only a local development issuer may turn it off.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The <c>iss</c> a token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry.</summary>
    public string Audience { get; set; } = "orderfulfillment";

    /// <summary>
    /// Public RSA keys that may sign tokens: PEM text or the base64 of a SubjectPublicKeyInfo. Public keys only, so
    /// configuration holding them holds no secret.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Tolerated difference between the issuer's clock and ours.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
