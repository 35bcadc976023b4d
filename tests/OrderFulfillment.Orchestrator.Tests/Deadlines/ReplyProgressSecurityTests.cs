using Confluent.Kafka;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.Orchestrator.Deadlines;
using OrderFulfillment.Orchestrator.Messaging;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>The deadline sweeper's own consumers (the reply check) authenticate as the saga's consumers do.</summary>
public sealed class ReplyProgressSecurityTests
{
    [Test]
    public void The_reply_checks_consumers_take_the_kafka_security_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "broker-1:9093",
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "ScramSha256",
            ["Kafka:SaslUsername"] = "orchestrator",
            ["Kafka:SaslPassword"] = "scram-secret",
            ["Kafka:SslEndpointIdentificationAlgorithm"] = "None",
            ["Kafka:Consumer:SessionTimeoutMs"] = "6000",
        }).Build();
        using var progress = new KafkaReplyProgress(OrchestratorMessaging.ReplyClient(configuration),
            OrchestratorMessaging.DecisiveReplies, TimeSpan.FromSeconds(5));

        var config = progress.ConsumerConfig(OrchestratorMessaging.DecisiveReplies[0].ConsumerGroup);

        config.BootstrapServers.Should().Be("broker-1:9093");
        config.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
        config.SaslMechanism.Should().Be(SaslMechanism.ScramSha256);
        config.SaslUsername.Should().Be("orchestrator");
        config.SaslPassword.Should().Be("scram-secret");
        config.SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.None);
        config.SessionTimeoutMs.Should().Be(6000);
        config.GroupId.Should().Be(OrchestratorMessaging.DecisiveReplies[0].ConsumerGroup);
    }
}
