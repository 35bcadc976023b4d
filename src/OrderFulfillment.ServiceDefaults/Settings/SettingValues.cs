using Microsoft.Extensions.Configuration;

namespace OrderFulfillment.ServiceDefaults.Settings;

/// <summary>
/// Reads settings of one configuration section, failing with the setting's name rather than a default.
/// </summary>
internal sealed class SettingValues(IConfiguration section)
{
    private readonly string _prefix = section is IConfigurationSection s ? s.Path + ":" : "";

    /// <summary>
    /// The full key of <paramref name="key"/>, as operators write it (e.g. <c>Kafka:SaslUsername</c>).
    /// </summary>
    public string Name(string key) => _prefix + key;

    /// <summary>The value, or null when missing or empty (an empty environment variable counts as unset).</summary>
    public string? Text(string key) => section[key] is { Length: > 0 } value ? value : null;

    public bool IsSet(string key) => Text(key) is not null;

    public string Required(string key, string why) =>
        Text(key) ?? throw new InvalidSettingException(Name(key), $"is required {why}.");

    /// <summary>
    /// A secret given either inline (<paramref name="key"/>) or as a file (<paramref name="key"/>File, e.g. a
    /// container secret under /run/secrets). Setting both is ambiguous and fails; the file's trailing line break is
    /// not part of the secret.
    /// </summary>
    public string? Secret(string key)
    {
        var fileKey = key + "File";
        var inline = Text(key);
        if (!IsSet(fileKey))
        {
            return inline;
        }

        if (inline is not null)
        {
            throw new InvalidSettingException(Name(fileKey),
                $"is set together with {Name(key)}; set only one of them.");
        }

        return SecretFile(fileKey);
    }

    /// <summary>The content of the file <paramref name="fileKey"/> names, without its trailing line break, or null
    /// when the setting is unset; a missing, unreadable or empty file fails with the setting's name.</summary>
    public string? SecretFile(string fileKey)
    {
        if (Text(fileKey) is not { } path)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new InvalidSettingException(Name(fileKey), $"the file '{path}' does not exist.");
        }

        string secret;
        try
        {
            secret = File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(Name(fileKey), $"the file '{path}' cannot be read ({ex.GetType().Name}).",
                ex);
        }

        return secret.Length > 0 ? secret
            : throw new InvalidSettingException(Name(fileKey), $"the file '{path}' is empty.");
    }

    /// <summary>A path that must exist (file or directory) when set.</summary>
    public string? ExistingPath(string key) => Text(key) switch
    {
        null => null,
        var path when File.Exists(path) || Directory.Exists(path) => path,
        var path => throw new InvalidSettingException(Name(key), $"'{path}' does not exist."),
    };

    /// <summary>
    /// One of <paramref name="allowed"/>, by its .NET name or librdkafka's spelling (<c>SASL_SSL</c>,
    /// <c>SCRAM-SHA-512</c>), case-insensitive.
    /// </summary>
    public T? Choice<T>(string key, params T[] allowed)
        where T : struct, Enum
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(plain, ignoreCase: true, out var value) && !int.TryParse(plain, out _)
            && allowed.Contains(value)
            ? value
            : throw new InvalidSettingException(Name(key), $"'{text}' is not one of {string.Join(", ", allowed)}.");
    }
}
