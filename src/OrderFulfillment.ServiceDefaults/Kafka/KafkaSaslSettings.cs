using Confluent.Kafka;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Kafka;

/// <summary>SASL authentication from <c>Kafka:SaslMechanism</c> and its credentials.</summary>
internal static class KafkaSaslSettings
{
    private static readonly string[] PasswordKeys = ["SaslUsername", "SaslPassword", "SaslPasswordFile"];

    private static readonly string[] MechanismKeys = ["SaslMechanism"];

    private static readonly string[] OAuthKeys =
    [
        "SaslOAuthBearerTokenEndpointUrl", "SaslOAuthBearerClientId", "SaslOAuthBearerClientSecret",
        "SaslOAuthBearerClientSecretFile", "SaslOAuthBearerScope", "SaslOAuthBearerExtensions",
    ];

    public static void Apply(SettingValues kafka, SecurityProtocol protocol, ClientConfig security,
        List<string> warnings)
    {
        var mechanism = kafka.Choice("SaslMechanism", SaslMechanism.ScramSha256, SaslMechanism.ScramSha512,
            SaslMechanism.Plain, SaslMechanism.OAuthBearer);
        if (protocol is not (SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl))
        {
            // Credentials that would be silently ignored are a mistake in the deployment, not a default to fall back
            // on.
            if (MechanismKeys.Concat(PasswordKeys).Concat(OAuthKeys).FirstOrDefault(kafka.IsSet) is { } stray)
            {
                throw new InvalidSettingException(kafka.Name(stray),
                    $"is a SASL setting, but {kafka.Name("SecurityProtocol")} is {protocol}; set it to SaslSsl (or " +
                    $"SaslPlaintext).");
            }

            return;
        }

        security.SaslMechanism = mechanism ?? throw new InvalidSettingException(kafka.Name("SaslMechanism"),
            $"is required when {kafka.Name("SecurityProtocol")} is {protocol} (ScramSha256, ScramSha512, Plain or " +
            $"OAuthBearer).");
        if (mechanism == SaslMechanism.OAuthBearer)
        {
            Reject(kafka, PasswordKeys, "OAuthBearer authenticates with the SaslOAuthBearer* settings");
            ApplyOidc(kafka, security);
        }
        else
        {
            Reject(kafka, OAuthKeys,
                $"{mechanism} authenticates with SaslUsername and SaslPassword (or SaslPasswordFile)");
            security.SaslUsername = kafka.Required("SaslUsername", $"for {mechanism}");
            security.SaslPassword = kafka.Secret("SaslPassword")
                ?? throw new InvalidSettingException(kafka.Name("SaslPassword"),
                $"is required for {mechanism} (or {kafka.Name("SaslPasswordFile")}, a file holding it).");
        }

        if (protocol == SecurityProtocol.SaslPlaintext)
        {
            warnings.Add($"{kafka.Name("SecurityProtocol")} is SaslPlaintext: records cross the network unencrypted"
                + (mechanism == SaslMechanism.Plain ? ", and so does the SASL password (Plain)." : "."));
        }
    }

    /// <summary>
    /// OAUTHBEARER with librdkafka's built-in OIDC client-credentials flow (<c>sasl.oauthbearer.method=oidc</c>).
    /// </summary>
    private static void ApplyOidc(SettingValues kafka, ClientConfig security)
    {
        security.SaslOauthbearerMethod = SaslOauthbearerMethod.Oidc;
        security.SaslOauthbearerTokenEndpointUrl = kafka.Required("SaslOAuthBearerTokenEndpointUrl", "for OAuthBearer");
        security.SaslOauthbearerClientId = kafka.Required("SaslOAuthBearerClientId", "for OAuthBearer");
        security.SaslOauthbearerClientSecret = kafka.Secret("SaslOAuthBearerClientSecret")
            ?? throw new InvalidSettingException(
            kafka.Name("SaslOAuthBearerClientSecret"),
            $"is required for OAuthBearer (or {kafka.Name("SaslOAuthBearerClientSecretFile")}).");
        if (kafka.Text("SaslOAuthBearerScope") is { } scope)
        {
            security.SaslOauthbearerScope = scope;
        }

        if (kafka.Text("SaslOAuthBearerExtensions") is { } extensions)
        {
            security.SaslOauthbearerExtensions = extensions;
        }
    }

    private static void Reject(SettingValues kafka, IEnumerable<string> keys, string why)
    {
        if (keys.FirstOrDefault(kafka.IsSet) is { } stray)
        {
            throw new InvalidSettingException(kafka.Name(stray), $"is not used: {why}.");
        }
    }
}
