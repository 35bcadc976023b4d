using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Kafka;

/// <summary>
/// How a service reaches its Kafka cluster, read from the <c>Kafka</c> section: <c>BootstrapServers</c> and the
/// security settings (<c>SecurityProtocol</c>, <c>SaslMechanism</c>, credentials or secret files, OAUTHBEARER/OIDC,
/// TLS trust and client certificate). Every Kafka client a service builds (the rider's producer and consumers, the
/// orchestrator's reply check) takes its connection from here, so they all authenticate alike.
/// </summary>
/// <remarks>
/// Read once at start: a contradictory or incomplete combination throws <see cref="InvalidSettingException"/> naming
/// the setting, before anything connects. Secrets are resolved here (files read) and only ever reach Confluent's
/// client configuration; <see cref="ToString"/> is the loggable summary.
/// </remarks>
public sealed class KafkaConnectionSettings
{
    private readonly ClientConfig _security;

    private KafkaConnectionSettings(string bootstrapServers, ClientConfig security, IReadOnlyList<string> warnings)
    {
        BootstrapServers = bootstrapServers;
        _security = security;
        Warnings = warnings;
    }

    /// <summary>
    /// The cluster's addresses (<c>Kafka:BootstrapServers</c>, default <see
    /// cref="KafkaMessagingExtensions.DefaultBootstrapServers"/>).
    /// </summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Settings that are allowed but weaken security (no hostname verification, unencrypted SASL), to log at start.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Reads and checks the <c>Kafka</c> section of <paramref name="configuration"/>; secret files are read now.
    /// </summary>
    /// <exception cref="InvalidSettingException">A setting is invalid, missing for the chosen protocol or mechanism, or
    /// its file is missing.</exception>
    public static KafkaConnectionSettings Read(IConfiguration configuration)
    {
        var kafka = new SettingValues(configuration.GetSection("Kafka"));
        var security = new ClientConfig();
        var warnings = new List<string>();
        var protocol = kafka.Choice("SecurityProtocol", SecurityProtocol.Plaintext, SecurityProtocol.Ssl,
            SecurityProtocol.SaslPlaintext, SecurityProtocol.SaslSsl);
        if (protocol is { } chosen)
        {
            security.SecurityProtocol = chosen;
        }

        KafkaSaslSettings.Apply(kafka, protocol ?? SecurityProtocol.Plaintext, security, warnings);
        KafkaTlsSettings.Apply(kafka, protocol ?? SecurityProtocol.Plaintext, security, warnings);
        return new KafkaConnectionSettings(kafka.Text("BootstrapServers")
            ?? KafkaMessagingExtensions.DefaultBootstrapServers, security, warnings);
    }

    /// <summary>
    /// Sets the bootstrap servers and every security property on <paramref name="client"/> (a producer, consumer or
    /// admin config).
    /// </summary>
    public void ApplyTo(ClientConfig client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.BootstrapServers = BootstrapServers;
        foreach (var (key, value) in _security)
        {
            client.Set(key, value);
        }
    }

    /// <summary>
    /// A one-line summary without secrets, e.g. <c>broker:9093, SaslSsl, ScramSha512 as 'orders'</c>: safe to log.
    /// </summary>
    public override string ToString()
    {
        var parts = new List<string> { BootstrapServers,
            (_security.SecurityProtocol ?? SecurityProtocol.Plaintext).ToString() };
        if (_security.SaslMechanism is { } mechanism)
        {
            parts.Add(_security.SaslUsername is {
                } user ? $"{mechanism} as '{user}'" : $"{mechanism} as client '{_security.SaslOauthbearerClientId}'");
        }

        if (_security.SslCaLocation is { } ca)
        {
            parts.Add($"CA {ca}");
        }
        else if (_security.SslCaPem is not null)
        {
            parts.Add("CA from Kafka:SslCaPem");
        }

        if (_security.SslCertificateLocation is { } certificate)
        {
            parts.Add($"client certificate {certificate}");
        }

        return string.Join(", ", parts);
    }
}
