using Confluent.Kafka;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Kafka;

/// <summary>TLS trust (CA), hostname verification and the client certificate (mTLS) from <c>Kafka:Ssl*</c>.</summary>
internal static class KafkaTlsSettings
{
    private static readonly string[] Keys =
    [
        "SslCaLocation", "SslCaPem", "SslEndpointIdentificationAlgorithm", "SslCertificateLocation", "SslKeyLocation",
        "SslKeyPassword", "SslKeyPasswordFile",
    ];

    public static void Apply(SettingValues kafka, SecurityProtocol protocol, ClientConfig security,
        List<string> warnings)
    {
        if (protocol is not (SecurityProtocol.Ssl or SecurityProtocol.SaslSsl))
        {
            if (Keys.FirstOrDefault(kafka.IsSet) is { } stray)
            {
                throw new InvalidSettingException(kafka.Name(stray),
                    $"is a TLS setting, but {kafka.Name("SecurityProtocol")} is {protocol}; set it to Ssl or SaslSsl.");
            }

            return;
        }

        ApplyTrust(kafka, security, warnings);
        ApplyClientCertificate(kafka, security);
    }

    private static void ApplyTrust(SettingValues kafka, ClientConfig security, List<string> warnings)
    {
        if (kafka.IsSet("SslCaLocation") && kafka.IsSet("SslCaPem"))
        {
            throw new InvalidSettingException(kafka.Name("SslCaPem"),
                $"is set together with {kafka.Name("SslCaLocation")}; set only one of them.");
        }

        // librdkafka's "probe" searches the system's usual CA paths; anything else is a file or directory that must
        // exist.
        security.SslCaLocation = kafka.Text("SslCaLocation") is "probe" ? "probe" : kafka.ExistingPath("SslCaLocation");
        security.SslCaPem = kafka.Text("SslCaPem");
        var identification = kafka.Choice("SslEndpointIdentificationAlgorithm",
            SslEndpointIdentificationAlgorithm.Https, SslEndpointIdentificationAlgorithm.None)
            ?? SslEndpointIdentificationAlgorithm.Https;
        security.SslEndpointIdentificationAlgorithm = identification;
        if (identification == SslEndpointIdentificationAlgorithm.None)
        {
            warnings.Add(
                $"{kafka.Name("SslEndpointIdentificationAlgorithm")} is None: the brokers' certificates are not " +
                $"checked "
                + "against their host names, so anyone holding a certificate of the same CA can pose as a broker.");
        }
    }

    private static void ApplyClientCertificate(SettingValues kafka, ClientConfig security)
    {
        var certificate = kafka.ExistingPath("SslCertificateLocation");
        var key = kafka.ExistingPath("SslKeyLocation");
        if ((certificate is null) != (key is null))
        {
            var missing = certificate is null ? "SslCertificateLocation" : "SslKeyLocation";
            throw new InvalidSettingException(kafka.Name(missing),
                "is required for a client certificate (mTLS): set both SslCertificateLocation and SslKeyLocation.");
        }

        security.SslCertificateLocation = certificate;
        security.SslKeyLocation = key;
        if (kafka.Secret("SslKeyPassword") is { } password)
        {
            security.SslKeyPassword = certificate is not null ? password
                : throw new InvalidSettingException(
                    kafka.Name(kafka.IsSet("SslKeyPassword") ? "SslKeyPassword" : "SslKeyPasswordFile"),
                    "is set without a client certificate (SslCertificateLocation and SslKeyLocation).");
        }
    }
}
