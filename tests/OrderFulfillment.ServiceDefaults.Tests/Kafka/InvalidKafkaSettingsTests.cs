using FluentAssertions;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.ServiceDefaults.Kafka;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Tests.Kafka;

public sealed class InvalidKafkaSettingsTests : SecretFiles
{
    private const string Password = "never-in-a-message";

    private static readonly Dictionary<string, string?> Scram = new()
    {
        ["Kafka:SecurityProtocol"] = "SaslSsl",
        ["Kafka:SaslMechanism"] = "ScramSha512",
        ["Kafka:SaslUsername"] = "orders",
        ["Kafka:SaslPassword"] = Password,
    };

    private static readonly Dictionary<string, string?> OAuth = new()
    {
        ["Kafka:SecurityProtocol"] = "SaslSsl",
        ["Kafka:SaslMechanism"] = "OAuthBearer",
        ["Kafka:SaslOAuthBearerTokenEndpointUrl"] = "https://idp.example/token",
        ["Kafka:SaslOAuthBearerClientId"] = "orders",
        ["Kafka:SaslOAuthBearerClientSecret"] = Password,
    };

    [TestCase("SecurityProtocol", "Tls", "Kafka:SecurityProtocol")]
    [TestCase("SaslMechanism", "Gssapi", "Kafka:SaslMechanism")]
    [TestCase("SaslMechanism", "", "Kafka:SaslMechanism")]
    [TestCase("SaslUsername", "", "Kafka:SaslUsername")]
    [TestCase("SaslPassword", "", "Kafka:SaslPassword")]
    [TestCase("SslCaLocation", "/nowhere/ca.pem", "Kafka:SslCaLocation")]
    [TestCase("SslCaPem", "pem", "Kafka:SslCaPem", Description = "with SslCaLocation also set")]
    [TestCase("SslEndpointIdentificationAlgorithm", "Sometimes", "Kafka:SslEndpointIdentificationAlgorithm")]
    [TestCase("SaslOAuthBearerClientId", "orders", "Kafka:SaslOAuthBearerClientId",
        Description = "an OAuth setting with SCRAM")]
    public void A_wrong_scram_setting_names_itself(string key, string value, string setting)
    {
        var settings = new Dictionary<string, string?>(Scram) { ["Kafka:SslCaLocation"] = WriteFile("ca.pem", "ca") };
        settings[$"Kafka:{key}"] = value;

        ReadFails(settings).Which.Setting.Should().Be(setting);
    }

    [Test]
    public void A_client_certificate_without_its_key_fails_naming_the_key()
    {
        var settings = new Dictionary<string, string?>(Scram) { ["Kafka:SslCertificateLocation"] = WriteFile(
            "client.pem", "cert") };

        ReadFails(settings).Which.Setting.Should().Be("Kafka:SslKeyLocation");
    }

    [TestCase("SaslMechanism", "ScramSha256")]
    [TestCase("SaslUsername", "orders")]
    [TestCase("SaslPasswordFile", "/run/secrets/kafka")]
    [TestCase("SaslOAuthBearerClientId", "orders")]
    [TestCase("SslCaLocation", "/etc/ssl/ca.pem")]
    [TestCase("SslEndpointIdentificationAlgorithm", "None")]
    public void A_sasl_or_tls_setting_without_a_protocol_that_uses_it_fails(string key, string value)
    {
        ReadFails(new() { [$"Kafka:{key}"] = value }).Which.Message.Should().StartWith($"Kafka:{key}")
            .And.Contain("Kafka:SecurityProtocol");
    }

    [Test]
    public void A_password_and_a_password_file_together_fail_without_showing_the_password()
    {
        var settings =
            new Dictionary<string, string?>(Scram) { ["Kafka:SaslPasswordFile"] = WriteFile("password", "other") };

        var failure = ReadFails(settings).Which;

        failure.Setting.Should().Be("Kafka:SaslPasswordFile");
        failure.Message.Should().Contain("Kafka:SaslPassword;").And.NotContain(Password);
    }

    [Test]
    public void A_missing_or_empty_password_file_fails_naming_the_setting_and_the_path()
    {
        var missing = MissingFile("absent");
        var settings = new Dictionary<string, string?>(Scram) { ["Kafka:SaslPassword"] = null,
            ["Kafka:SaslPasswordFile"] = missing };
        ReadFails(settings).Which.Message.Should().Be($"Kafka:SaslPasswordFile: the file '{missing}' does not exist.");

        settings["Kafka:SaslPasswordFile"] = WriteFile("empty", "\n");
        ReadFails(settings).Which.Message.Should().EndWith("is empty.");
    }

    [TestCase("SaslOAuthBearerTokenEndpointUrl", null, "Kafka:SaslOAuthBearerTokenEndpointUrl")]
    [TestCase("SaslOAuthBearerClientId", null, "Kafka:SaslOAuthBearerClientId")]
    [TestCase("SaslOAuthBearerClientSecret", null, "Kafka:SaslOAuthBearerClientSecret")]
    [TestCase("SaslUsername", "orders", "Kafka:SaslUsername")]
    public void A_wrong_oauthbearer_setting_names_itself(string key, string? value, string setting)
    {
        var settings = new Dictionary<string, string?>(OAuth) { [$"Kafka:{key}"] = value };

        ReadFails(settings).Which.Setting.Should().Be(setting);
    }

    private static FluentAssertions.Specialized.ExceptionAssertions<InvalidSettingException> ReadFails(
        Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return FluentActions.Invoking(() => KafkaConnectionSettings.Read(configuration))
            .Should().Throw<InvalidSettingException>();
    }
}
