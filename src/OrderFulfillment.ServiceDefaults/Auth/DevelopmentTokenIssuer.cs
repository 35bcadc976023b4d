using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// Issues RS256 tokens with a key pair made at construction and held only in memory: the embedded platform's and the
/// tests' stand-in for a real identity provider. The services trust it through <see cref="ServiceSettings"/>, which
/// carries the public key only.
/// </summary>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    /// <summary>The <c>iss</c> of the tokens.</summary>
    public const string Issuer = "orderfulfillment-development";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N");

    /// <summary>Settings (as configuration keys) that make a service accept this issuer's tokens.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        [$"{AuthSettings.Section}:Issuer"] = Issuer,
        [$"{AuthSettings.Section}:Audience"] = new AuthSettings().Audience,
        [$"{AuthSettings.Section}:SigningKeys:0"] = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()),
    };

    /// <summary>
    /// A token for <paramref name="subject"/> with <paramref name="scopes"/> and, when given, a tenant.
    /// </summary>
    public string Issue(string subject, string? tenant, IEnumerable<string> scopes, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = new AuthSettings().Audience,
            ["sub"] = subject,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            [PlatformScopes.Scope] = string.Join(' ', scopes),
        };
        if (tenant is not null)
        {
            claims[PlatformScopes.Tenant] = tenant;
        }

        var header = new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = _keyId };
        var unsigned = $"{Encode(header)}.{Encode(claims)}";
        var signature =
            _key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{unsigned}.{Base64Url(signature)}";
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static string Encode<T>(T value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
