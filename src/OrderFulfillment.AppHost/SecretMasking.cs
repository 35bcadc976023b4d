using System.Text.RegularExpressions;

namespace OrderFulfillment.AppHost;

/// <summary>
/// Masks the secrets in addresses before they are printed or written: <c>Password=...</c> in connection strings and
/// <c>user:password@</c> in URLs. The rest stays readable, so a reader still sees which server and user are meant and
/// that a password is set.
/// </summary>
internal static partial class SecretMasking
{
    /// <summary>What a masked secret reads as.</summary>
    public const string Mask = "***";

    /// <summary>
    /// Masks the value of every keyword of a connection string that names a password (<c>Password</c>, <c>Pwd</c>,
    /// <c>SSL Password</c>), quoted or not.
    /// </summary>
    public static string MaskConnectionString(string connectionString) =>
        PasswordKeyword().Replace(connectionString, m => m.Groups["key"].Value + Mask);

    /// <summary>
    /// Masks the password of every <c>scheme://user:password@host</c> in a URL or a comma-separated list of them.
    /// </summary>
    public static string MaskUrl(string url) =>
        UrlUserInfo().Replace(url, m => m.Groups["prefix"].Value + Mask + "@");

    /// <summary>Masks both kinds in free text, such as an exception's message.</summary>
    public static string MaskText(string text) => MaskUrl(MaskConnectionString(text));

    // A value may be quoted with ' or " (a doubled quote escapes one, as Npgsql reads it), else runs to the next ';'.
    [GeneratedRegex("""(?<key>(?:^|;)\s*(?:[^=;]*password|pwd)\s*=\s*)(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordKeyword();

    [GeneratedRegex(@"(?<prefix>[a-z][a-z0-9+.\-]*://[^:/@\s,]*:)[^@/\s,]*@",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
