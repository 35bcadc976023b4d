using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.ServiceDefaults.Kafka;

namespace OrderFulfillment.ServiceDefaults.Tests.Kafka;

/// <summary>
/// librdkafka checks its configuration (mechanisms built in, OIDC support, certificate and key files) when a client is
/// built, before it connects: every client kind is built here from the settings, against a port nothing listens on.
/// </summary>
public sealed class ConfluentAcceptsTheSettingsTests : SecretFiles
{
    [Test]
    public void Scram_over_tls_with_a_ca_and_a_client_certificate_builds_every_client_kind()
    {
        var (certificate, key) = WriteCertificate();
        BuildEveryClientKind(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "ScramSha512",
            ["Kafka:SaslUsername"] = "inventory",
            ["Kafka:SaslPasswordFile"] = WriteFile("password", "scram-secret\n"),
            ["Kafka:SslCaLocation"] = certificate,
            ["Kafka:SslCertificateLocation"] = certificate,
            ["Kafka:SslKeyLocation"] = key,
        });
    }

    [Test]
    public void OAuthBearer_with_oidc_builds_every_client_kind()
    {
        BuildEveryClientKind(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "OAuthBearer",
            ["Kafka:SaslOAuthBearerTokenEndpointUrl"] = "https://127.0.0.1:1/oauth2/token",
            ["Kafka:SaslOAuthBearerClientId"] = "inventory",
            ["Kafka:SaslOAuthBearerClientSecret"] = "oidc-secret",
            ["Kafka:SaslOAuthBearerScope"] = "kafka",
        });
    }

    private static void BuildEveryClientKind(Dictionary<string, string?> settings)
    {
        settings["Kafka:BootstrapServers"] = "127.0.0.1:1";
        var connection =
            KafkaConnectionSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var producer = new ProducerConfig();
        var consumer = new ConsumerConfig { GroupId = "inventory.inventory.stock.reserve" };
        var admin = new AdminClientConfig();
        connection.ApplyTo(producer);
        connection.ApplyTo(consumer);
        connection.ApplyTo(admin);

        FluentActions.Invoking(() => new ProducerBuilder<byte[], byte[]>(producer).Build().Dispose())
            .Should().NotThrow();
        FluentActions.Invoking(() => new ConsumerBuilder<byte[], byte[]>(consumer).Build().Dispose())
            .Should().NotThrow();
        FluentActions.Invoking(() => new AdminClientBuilder(admin).Build().Dispose()).Should().NotThrow();
    }

    /// <summary>
    /// A self-signed certificate and its unencrypted key, as PEM files: the CA and the client certificate at once.
    /// </summary>
    private (string Certificate, string Key) WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=inventory", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate =
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (WriteFile("client.pem", certificate.ExportCertificatePem()),
            WriteFile("client.key", rsa.ExportPkcs8PrivateKeyPem()));
    }
}
