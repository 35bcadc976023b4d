using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>What a topic endpoint's consumer loop needs, resolved from its configurator.</summary>
internal sealed record TopicEndpointSettings
{
    public required string Topic { get; init; }

    public required string GroupId { get; init; }

    /// <summary>Message type URN assumed for records without an <c>MT-MessageType</c> header.</summary>
    public required string DefaultMessageType { get; init; }

    public required ConsumerConfig ConsumerConfig { get; init; }

    public required int ConcurrentMessageLimit { get; init; }

    public required int MaxInFlight { get; init; }

    public required TimeSpan CheckpointInterval { get; init; }

    public required int CheckpointMessageCount { get; init; }

    public required TimeSpan RevocationTimeout { get; init; }

    public required TimeSpan StopTimeout { get; init; }

    public required TimeSpan RedeliveryDelayLimit { get; init; }

    /// <summary>
    /// The endpoint reports Degraded while a record has been pending (fetched, unfinished) longer than this.
    /// </summary>
    public required TimeSpan PendingAgeThreshold { get; init; }
}
