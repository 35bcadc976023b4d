using Confluent.Kafka;
using Confluent.SchemaRegistry;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Tests.Kafka;

/// <summary>
/// The security settings reach the Confluent configuration every client of a service is built from. The host is
/// built, not started: building the bus builds the rider's configs without connecting (no SASL broker exists here).
/// </summary>
public sealed class KafkaClientsSecurityTests : SecretFiles
{
    [Test]
    public void The_riders_producer_and_every_consumer_carry_the_security_settings()
    {
        var ca = WriteFile("ca.pem", "ca");
        var consumers = new List<ConsumerConfig>();
        using var host = Build(new()
        {
            ["Kafka:BootstrapServers"] = "broker-1:9093",
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "ScramSha512",
            ["Kafka:SaslUsername"] = "inventory",
            ["Kafka:SaslPasswordFile"] = WriteFile("password", "from-file\n"),
            ["Kafka:SslCaLocation"] = ca,
        }, consumers.Add);

        // Building the bus configures the rider: each endpoint's consumer config is final (and handed to the endpoint's
        // ConfigureClient) before anything connects.
        host.Services.GetRequiredService<IBusControl>();
        var producer = host.Services.GetRequiredService<KafkaClientSettings>().CreateProducerConfig();

        consumers.Should().HaveCount(2);
        foreach (var config in consumers.Cast<ClientConfig>().Append(producer))
        {
            config.BootstrapServers.Should().Be("broker-1:9093");
            config.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
            config.SaslMechanism.Should().Be(SaslMechanism.ScramSha512);
            config.SaslUsername.Should().Be("inventory");
            config.SaslPassword.Should().Be("from-file");
            config.SslCaLocation.Should().Be(ca);
            config.SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.Https);
        }
    }

    [Test]
    public void An_invalid_combination_stops_the_service_while_it_is_configured()
    {
        FluentActions.Invoking(() => Build(new() { ["Kafka:SaslMechanism"] = "ScramSha512" }))
            .Should().Throw<InvalidSettingException>().Which.Setting.Should().Be("Kafka:SaslMechanism");
    }

    [Test]
    public void The_schema_registry_takes_its_user_info_from_a_file_and_its_ca()
    {
        var ca = WriteFile("registry-ca.pem", "ca");
        using var host = Build(new()
        {
            ["SchemaRegistry:BasicAuthUserInfoFile"] = WriteFile("registry-user-info", "inventory:registry-secret\n"),
            ["SchemaRegistry:SslCaLocation"] = ca,
        });

        var registry = host.Services.GetRequiredService<IOptions<AvroSerializationOptions>>().Value.SchemaRegistry;

        registry.BasicAuthCredentialsSource.Should().Be(AuthCredentialsSource.UserInfo);
        registry.BasicAuthUserInfo.Should().Be("inventory:registry-secret");
        registry.SslCaLocation.Should().Be(ca);
    }

    [Test]
    public void The_schema_registry_refuses_user_info_given_twice_or_a_missing_ca()
    {
        FluentActions.Invoking(() => Build(new()
            {
                ["SchemaRegistry:BasicAuthUserInfo"] = "inventory:registry-secret",
                ["SchemaRegistry:BasicAuthUserInfoFile"] = WriteFile("registry-user-info", "inventory:other"),
            }))
            .Should().Throw<InvalidSettingException>().Which.Message.Should().StartWith(
                "SchemaRegistry:BasicAuthUserInfoFile").And.NotContain("registry-secret");
        FluentActions.Invoking(() => Build(new() { ["SchemaRegistry:SslCaLocation"] = MissingFile("ca.pem") }))
            .Should().Throw<InvalidSettingException>().Which.Setting.Should().Be("SchemaRegistry:SslCaLocation");
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<ConsumerConfig>? consumerConfigs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKafkaMessaging(
            rider =>
            {
                rider.AddConsumer<IgnoringConsumer>();
                rider.AddProducer<ReserveInventory>("inventory.reserve", m => m.OrderId.ToString());
            },
            (context, kafka) =>
            {
                kafka.TopicEndpoint<ReserveInventory>("inventory.reserve", "inventory.inventory.reserve", e =>
                {
                    e.ConfigureClient(c => consumerConfigs?.Invoke(c));
                    e.ConfigureConsumer<IgnoringConsumer>(context);
                });
                kafka.TopicEndpoint<ReleaseInventory>("inventory.release", "inventory.inventory.release", e =>
                {
                    e.ConfigureClient(c => consumerConfigs?.Invoke(c));
                    e.ConfigureConsumer<IgnoringConsumer>(context);
                });
            });
        return builder.Build();
    }

    private sealed class IgnoringConsumer : IConsumer<ReserveInventory>, IConsumer<ReleaseInventory>
    {
        public Task Consume(ConsumeContext<ReserveInventory> context) => Task.CompletedTask;

        public Task Consume(ConsumeContext<ReleaseInventory> context) => Task.CompletedTask;
    }
}
