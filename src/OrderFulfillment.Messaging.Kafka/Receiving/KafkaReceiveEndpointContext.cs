using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The runtime context of a topic endpoint. Its send and publish providers produce to Kafka, so what a consumer or
/// saga sends or publishes goes through the <see cref="KafkaSendTransport"/> (and through the outbox when one is
/// configured) rather than to the bus.
/// </summary>
internal sealed class KafkaReceiveEndpointContext(
    IHostConfiguration hostConfiguration,
    IReceiveEndpointConfiguration configuration,
    KafkaTopicTransports transports,
    ISendEndpointProvider busSendEndpointProvider)
    : BaseReceiveEndpointContext(hostConfiguration, configuration)
{
    public override void AddSendAgent(IAgent agent) =>
        throw new NotSupportedException("Kafka topic endpoints have no send agents.");

    public override void AddConsumeAgent(IAgent agent) =>
        throw new NotSupportedException("Kafka topic endpoints have no consume agents.");

    public override Exception ConvertException(Exception exception, string message) =>
        new ConfigurationException(message + " " + exception.Message, exception);

    protected override ISendEndpointProvider CreateSendEndpointProvider() =>
        new KafkaSendEndpointProvider(transports, Serialization, InputAddress, busSendEndpointProvider);

    protected override IPublishEndpointProvider CreatePublishEndpointProvider() =>
        new KafkaPublishEndpointProvider(transports, Serialization, InputAddress);

    protected override ISendTransportProvider CreateSendTransportProvider() =>
        throw new NotSupportedException("Kafka topic endpoints send through their send endpoint provider.");

    protected override IPublishTransportProvider CreatePublishTransportProvider() =>
        throw new NotSupportedException("Kafka topic endpoints publish through their publish endpoint provider.");
}
