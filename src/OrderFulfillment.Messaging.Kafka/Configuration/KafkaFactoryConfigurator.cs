using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

internal sealed class KafkaFactoryConfigurator(KafkaClientSettings settings, KafkaSerialization serialization)
    : IKafkaFactoryConfigurator, IKafkaHostConfigurator
{
    private readonly List<Action<ConsumerConfig>> _consumerDefaults = [];
    private readonly List<EndpointDefinition> _endpoints = [];

    public ClientConfig Client => settings.Client;

    public IReadOnlyList<EndpointDefinition> Endpoints => _endpoints;

    public void Host(string bootstrapServers, Action<IKafkaHostConfigurator>? configure = null)
    {
        settings.Client.BootstrapServers = bootstrapServers;
        configure?.Invoke(this);
    }

    public void UseSasl(SaslMechanism mechanism, string username, string password,
        SecurityProtocol protocol = SecurityProtocol.SaslSsl)
    {
        settings.Client.SecurityProtocol = protocol;
        settings.Client.SaslMechanism = mechanism;
        settings.Client.SaslUsername = username;
        settings.Client.SaslPassword = password;
    }

    public void UseSsl(Action<ClientConfig> configure)
    {
        settings.Client.SecurityProtocol ??= SecurityProtocol.Ssl;
        configure(settings.Client);
    }

    public void ConfigureProducer(Action<ProducerConfig> configure) => settings.ConfigureProducer += configure;

    public void ConfigureConsumers(Action<ConsumerConfig> configure) => _consumerDefaults.Add(configure);

    public void ClearSerialization() => serialization.Clear();

    public void AddSerializer(ISerializerFactory factory) => serialization.AddSerializer(factory);

    public void AddDeserializer(ISerializerFactory factory, bool isDefault = false) =>
        serialization.AddDeserializer(factory, isDefault);

    public void TopicEndpoint<T>(string topic, string groupId, Action<IKafkaTopicReceiveEndpointConfigurator> configure)
        where T : class =>
        _endpoints.Add(new EndpointDefinition(topic, groupId, MessageUrn.ForTypeString<T>(), configure));

    public (ReceiveEndpoint Endpoint, Receiving.KafkaReceiveTransport Transport) Build(EndpointDefinition definition,
        IBusInstance bus, KafkaTopicTransports transports, KafkaProducerClient producer)
    {
        var consumerConfig = settings.CreateConsumerConfig(definition.GroupId);
        consumerConfig.EnableAutoCommit = false;
        consumerConfig.EnableAutoOffsetStore = false;
        consumerConfig.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        consumerConfig.AutoOffsetReset = AutoOffsetReset.Earliest;
        consumerConfig.StatisticsIntervalMs = 5000;
        // librdkafka prefetches up to 64 MB per consumer by default, and a service runs one consumer per topic: a
        // backlog then sat in memory that no handler could reach sooner (PrefetchCount bounds what is handed on).
        consumerConfig.QueuedMaxMessagesKbytes = 8192;
        _consumerDefaults.ForEach(c => c(consumerConfig));

        var name = $"kafka/{definition.Topic}/{definition.GroupId}";
        var endpointConfiguration = bus.HostConfiguration.CreateReceiveEndpointConfiguration(name, null!);
        var configuration =
            new KafkaTopicReceiveEndpointConfiguration(bus.HostConfiguration, endpointConfiguration, definition.Topic,
            definition.GroupId, definition.MessageType, consumerConfig, transports, producer, bus.Bus);
        serialization.ApplyTo(configuration);
        definition.Configure(configuration);
        return configuration.Build();
    }

    internal sealed record EndpointDefinition(string Topic, string GroupId, string MessageType,
        Action<IKafkaTopicReceiveEndpointConfigurator> Configure);
}
