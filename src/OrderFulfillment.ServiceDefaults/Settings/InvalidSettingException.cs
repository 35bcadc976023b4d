namespace OrderFulfillment.ServiceDefaults.Settings;

/// <summary>
/// A setting (or a combination of settings) the service cannot start with. The message names the setting, e.g.
/// <c>Kafka:SaslPasswordFile</c>, and never contains a secret's value.
/// </summary>
public sealed class InvalidSettingException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>; the message is prefixed with it.</summary>
    public InvalidSettingException(string setting, string message)
        : base($"{setting}: {message}") => Setting = setting;

    /// <summary>
    /// Creates the exception for <paramref name="setting"/> with the failure that caused it (e.g. an unreadable file).
    /// </summary>
    public InvalidSettingException(string setting, string message, Exception innerException)
        : base($"{setting}: {message}", innerException) => Setting = setting;

    /// <summary>The setting at fault, as its configuration key (<c>Section:Key</c>).</summary>
    public string Setting { get; }
}
