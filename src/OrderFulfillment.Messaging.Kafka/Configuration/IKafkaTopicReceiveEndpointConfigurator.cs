using Confluent.Kafka;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>
/// Configures a topic endpoint: a consumer group member on one topic. Consumers, sagas, retry and other middleware
/// are configured on it the usual MassTransit way (<c>ConfigureConsumer</c>, <c>ConfigureSaga</c>,
/// <c>UseMessageRetry</c>).
/// <see cref="IReceiveEndpointConfigurator.ConcurrentMessageLimit"/> bounds how many records (of different keys) run at
/// once; <see cref="IReceiveEndpointConfigurator.PrefetchCount"/> bounds how many are buffered or running.
/// </summary>
public interface IKafkaTopicReceiveEndpointConfigurator : IReceiveEndpointConfigurator
{
    /// <summary>The topic this endpoint consumes.</summary>
    string Topic { get; }

    /// <summary>The consumer group this endpoint is a member of.</summary>
    string GroupId { get; }

    /// <summary>How often finished offsets are committed (default 1 s).</summary>
    TimeSpan CheckpointInterval { set; }

    /// <summary>Commit earlier once this many records finished since the last commit (default 1,000).</summary>
    int CheckpointMessageCount { set; }

    /// <summary>
    /// How long a revoked partition's running records may take before the partition is released (default 30 s).
    /// </summary>
    TimeSpan RevocationTimeout { set; }

    /// <summary>
    /// The endpoint's health turns Degraded while a record has been fetched and not finished for longer than this
    /// (default 60 s): a record kept pending by a transient failure holds its partition's commits back.
    /// </summary>
    TimeSpan PendingAgeThreshold { set; }

    /// <summary>Where records go that cannot be handled (default <c>{topic}.dlq</c>).</summary>
    string DeadLetterTopic { set; }

    /// <summary>
    /// Adjusts the Confluent consumer settings of this endpoint only (session timeout, fetch waits, ...).
    /// </summary>
    void ConfigureClient(Action<ConsumerConfig> configure);
}
