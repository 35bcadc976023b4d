using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>
/// Turns a password into the SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5802 and 7677, in PostgreSQL's
/// <c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c> form). <c>CREATE ROLE ... PASSWORD</c> given a verifier
/// stores it as is, so the password itself never appears in a statement, where the server log or
/// <c>pg_stat_statements</c> could keep it.
/// </summary>
internal static class ScramVerifier
{
    // PostgreSQL's own default (scram_iterations), so a verifier made here costs a login what one made by the server
    // does.
    private const int Iterations = 4096;

    /// <summary>
    /// A new random password: 32 hexadecimal digits (128 bits), which need no SASLprep and no quoting.
    /// </summary>
    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string For(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted =
            Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return string.Create(CultureInfo.InvariantCulture,
            $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}" +
            $"${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }
}
