using Confluent.Kafka;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Receiving;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>Builds one topic endpoint from its configuration.</summary>
internal sealed class KafkaTopicReceiveEndpointConfiguration : ReceiveEndpointConfiguration,
    IKafkaTopicReceiveEndpointConfigurator
{
    private readonly IHostConfiguration _hostConfiguration;
    private readonly string _messageType;
    private readonly ConsumerConfig _consumerConfig;
    private readonly KafkaTopicTransports _transports;
    private readonly KafkaProducerClient _producer;
    private readonly ISendEndpointProvider _busSendEndpointProvider;
    private TimeSpan _checkpointInterval = TimeSpan.FromSeconds(1);
    private int _checkpointMessageCount = 1000;
    private TimeSpan _revocationTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan _pendingAgeThreshold = TimeSpan.FromSeconds(60);
    private string _deadLetterTopic;

    public KafkaTopicReceiveEndpointConfiguration(IHostConfiguration hostConfiguration,
        IReceiveEndpointConfiguration endpointConfiguration, string topic, string groupId, string messageType,
        ConsumerConfig consumerConfig, KafkaTopicTransports transports,
        KafkaProducerClient producer, ISendEndpointProvider busSendEndpointProvider)
        : base(hostConfiguration, endpointConfiguration)
    {
        _hostConfiguration = hostConfiguration;
        Topic = topic;
        GroupId = groupId;
        _messageType = messageType;
        _consumerConfig = consumerConfig;
        _transports = transports;
        _producer = producer;
        _busSendEndpointProvider = busSendEndpointProvider;
        _deadLetterTopic = topic + ".dlq";
        HostAddress = hostConfiguration.HostAddress;
        InputAddress = KafkaTopicAddress.For(topic);

        // Faults are dead-lettered on Kafka, not published as Fault<T> to a bus nobody reads.
        PublishFaults = false;
        ConcurrentMessageLimit = 32;
        PrefetchCount = 1000;
        this.UseRawJsonSerializer(RawSerializerOptions.Default, isDefault: true);
        this.UseRawJsonDeserializer(RawSerializerOptions.Default, isDefault: true);
    }

    public string Topic { get; }

    public string GroupId { get; }

    public override Uri HostAddress { get; }

    public override Uri InputAddress { get; }

    public TimeSpan CheckpointInterval { set => _checkpointInterval = value; }

    public int CheckpointMessageCount { set => _checkpointMessageCount = value; }

    public TimeSpan RevocationTimeout { set => _revocationTimeout = value; }

    public TimeSpan PendingAgeThreshold { set => _pendingAgeThreshold = value; }

    public string DeadLetterTopic { set => _deadLetterTopic = value; }

    public void ConfigureClient(Action<ConsumerConfig> configure) => configure(_consumerConfig);

    public (ReceiveEndpoint Endpoint, KafkaReceiveTransport Transport) Build()
    {
        this.ConfigureError(e =>
            e.UseFilter(new KafkaDeadLetterFilter<ExceptionReceiveContext>(_producer, _deadLetterTopic)));
        this.ConfigureDeadLetter(e =>
            e.UseFilter(new KafkaDeadLetterFilter<ReceiveContext>(_producer, _deadLetterTopic)));

        // Validation is also where consumer and saga specifications notify configuration observers (the outbox's,
        // for one), so it must run before the specifications are applied, as the bus does for its own endpoints.
        var failures = Validate().Where(r => r.Disposition == ValidationResultDisposition.Failure).ToList();
        if (failures.Count > 0)
        {
            throw new ConfigurationException($"Topic endpoint {Topic} ({GroupId}) is misconfigured: " +
                string.Join("; ", failures.Select(f => $"{f.Key} {f.Message}")));
        }

        ApplySpecifications(new ReceiveEndpointBuilder(this));

        var context = CreateReceiveEndpointContext();
        var transport = new KafkaReceiveTransport(CreateSettings(), context);
        return (new ReceiveEndpoint(transport, context), transport);
    }

    public override ReceiveEndpointContext CreateReceiveEndpointContext() =>
        new KafkaReceiveEndpointContext(_hostConfiguration, this, _transports, _busSendEndpointProvider);

    private TopicEndpointSettings CreateSettings()
    {
        var limit = ConcurrentMessageLimit ?? 32;
        return new TopicEndpointSettings
        {
            Topic = Topic,
            GroupId = GroupId,
            DefaultMessageType = _messageType,
            ConsumerConfig = _consumerConfig,
            ConcurrentMessageLimit = limit,
            MaxInFlight = Math.Max(PrefetchCount, limit),
            CheckpointInterval = _checkpointInterval,
            CheckpointMessageCount = _checkpointMessageCount,
            RevocationTimeout = _revocationTimeout,
            StopTimeout = TimeSpan.FromSeconds(30),
            RedeliveryDelayLimit = TimeSpan.FromSeconds(30),
            PendingAgeThreshold = _pendingAgeThreshold,
        };
    }
}
