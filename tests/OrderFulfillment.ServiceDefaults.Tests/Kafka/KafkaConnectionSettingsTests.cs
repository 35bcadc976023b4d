using Confluent.Kafka;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.ServiceDefaults.Kafka;

namespace OrderFulfillment.ServiceDefaults.Tests.Kafka;

public sealed class KafkaConnectionSettingsTests : SecretFiles
{
    [Test]
    public void Without_security_settings_only_the_bootstrap_servers_are_set()
    {
        var client = Apply(new() { ["Kafka:BootstrapServers"] = "broker:9092" }, out var connection);

        client.Should().BeEquivalentTo(new Dictionary<string, string> { ["bootstrap.servers"] = "broker:9092" });
        connection.Warnings.Should().BeEmpty();
    }

    [Test]
    public void Scram_over_tls_with_a_password_file_sets_protocol_mechanism_credentials_and_trust()
    {
        var client = Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "ScramSha512",
            ["Kafka:SaslUsername"] = "orders",
            ["Kafka:SaslPasswordFile"] = WriteFile("kafka-password", "s3cret-from-file\n"),
            ["Kafka:SslCaLocation"] = WriteFile("ca.pem", "-----BEGIN CERTIFICATE-----"),
        }, out var connection);

        client.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
        client.SaslMechanism.Should().Be(SaslMechanism.ScramSha512);
        client.SaslUsername.Should().Be("orders");
        client.SaslPassword.Should()
            .Be("s3cret-from-file", "the file's trailing line break is not part of the password");
        client.SslCaLocation.Should().EndWith("ca.pem");
        client.SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.Https);
        connection.Warnings.Should().BeEmpty();
        connection.ToString().Should().Contain("ScramSha512 as 'orders'").And.NotContain("s3cret");
    }

    [Test]
    public void Librdkafka_spellings_are_accepted_and_an_inline_password_is_used()
    {
        var client = Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "SASL_SSL",
            ["Kafka:SaslMechanism"] = "SCRAM-SHA-256",
            ["Kafka:SaslUsername"] = "orders",
            ["Kafka:SaslPassword"] = "inline-secret",
            ["Kafka:SslCaPem"] = "-----BEGIN CERTIFICATE-----",
        }, out _);

        client.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
        client.SaslMechanism.Should().Be(SaslMechanism.ScramSha256);
        client.SaslPassword.Should().Be("inline-secret");
        client.SslCaPem.Should().Be("-----BEGIN CERTIFICATE-----");
    }

    [Test]
    public void OAuthBearer_uses_librdkafkas_oidc_client_credentials_flow()
    {
        var client = Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "OAUTHBEARER",
            ["Kafka:SaslOAuthBearerTokenEndpointUrl"] = "https://idp.example/oauth2/token",
            ["Kafka:SaslOAuthBearerClientId"] = "orchestrator",
            ["Kafka:SaslOAuthBearerClientSecretFile"] = WriteFile("client-secret", "oidc-secret\r\n"),
            ["Kafka:SaslOAuthBearerScope"] = "kafka",
            ["Kafka:SaslOAuthBearerExtensions"] = "logicalCluster=lkc-1",
        }, out var connection);

        client.SaslMechanism.Should().Be(SaslMechanism.OAuthBearer);
        client.SaslOauthbearerMethod.Should().Be(SaslOauthbearerMethod.Oidc);
        client.SaslOauthbearerTokenEndpointUrl.Should().Be("https://idp.example/oauth2/token");
        client.SaslOauthbearerClientId.Should().Be("orchestrator");
        client.SaslOauthbearerClientSecret.Should().Be("oidc-secret");
        client.SaslOauthbearerScope.Should().Be("kafka");
        client.SaslOauthbearerExtensions.Should().Be("logicalCluster=lkc-1");
        connection.ToString().Should().Contain("client 'orchestrator'").And.NotContain("oidc-secret");
    }

    [Test]
    public void Mutual_tls_sets_the_client_certificate_key_and_key_password_from_a_file()
    {
        var client = Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "Ssl",
            ["Kafka:SslCertificateLocation"] = WriteFile("client.pem", "cert"),
            ["Kafka:SslKeyLocation"] = WriteFile("client.key", "key"),
            ["Kafka:SslKeyPasswordFile"] = WriteFile("key-password", "key-secret"),
        }, out _);

        client.SecurityProtocol.Should().Be(SecurityProtocol.Ssl);
        client.SslCertificateLocation.Should().EndWith("client.pem");
        client.SslKeyLocation.Should().EndWith("client.key");
        client.SslKeyPassword.Should().Be("key-secret");
        client.SaslMechanism.Should().BeNull();
    }

    [Test]
    public void Weakening_settings_are_allowed_with_a_warning_naming_them()
    {
        Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "Ssl",
            ["Kafka:SslEndpointIdentificationAlgorithm"] = "none",
        }, out var tls).SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.None);
        Apply(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslPlaintext",
            ["Kafka:SaslMechanism"] = "Plain",
            ["Kafka:SaslUsername"] = "orders",
            ["Kafka:SaslPassword"] = "inline-secret",
        }, out var plain);

        tls.Warnings.Should().ContainSingle().Which.Should()
            .StartWith("Kafka:SslEndpointIdentificationAlgorithm is None");
        plain.Warnings.Should().ContainSingle().Which.Should().StartWith("Kafka:SecurityProtocol is SaslPlaintext")
            .And.Contain("password");
    }

    private static ClientConfig Apply(Dictionary<string, string?> settings, out KafkaConnectionSettings connection)
    {
        connection = KafkaConnectionSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var client = new ClientConfig();
        connection.ApplyTo(client);
        return client;
    }
}
