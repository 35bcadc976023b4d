using Confluent.Kafka;

namespace OrderFulfillment.EmbeddedKafka;

/// <summary>
/// Topic provisioning and fault injection for an embedded Kafka cluster. Implemented in-process by
/// <see cref="EmbeddedKafkaCluster"/> and across processes by <see cref="Control.EmbeddedKafkaControlClient"/>,
/// so a test reads the same whether the cluster lives in the test process or in a host process.
/// Every call has taken effect on the cluster when it returns.
/// </summary>
public interface IKafkaClusterControl
{
    /// <summary>
    /// The bootstrap servers string clients connect with, e.g. <c>127.0.0.1:40001,127.0.0.1:40002</c>.
    /// </summary>
    string BootstrapServers { get; }

    /// <summary>Creates a topic with an explicit partition count. The mock cluster would otherwise auto-create
    /// topics with 4 partitions on a producer's first metadata request, and not at all for consumers.</summary>
    Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken = default);

    /// <summary>Takes a broker down (closes its connections, refuses new ones) while keeping its data and port.
    /// <paramref name="brokerId"/> -1 means every broker.</summary>
    Task SetBrokerDownAsync(int brokerId, CancellationToken cancellationToken = default);

    /// <summary>Brings a broker back up. <paramref name="brokerId"/> -1 means every broker.</summary>
    Task SetBrokerUpAsync(int brokerId, CancellationToken cancellationToken = default);

    /// <summary>Delays every response of a broker by <paramref name="roundTrip"/>.</summary>
    Task SetRoundTripDelayAsync(int brokerId, TimeSpan roundTrip, CancellationToken cancellationToken = default);

    /// <summary>Queues errors for the next requests of <paramref name="apiKey"/> to any broker, consumed first in,
    /// first out by whichever client sends such a request next (background requests included).</summary>
    Task PushRequestErrorsAsync(KafkaApiKey apiKey, IReadOnlyList<ErrorCode> errors,
        CancellationToken cancellationToken = default);

    /// <summary>Queues one error, answered after <paramref name="roundTrip"/>, for the next request of
    /// <paramref name="apiKey"/> to one broker. <see cref="ErrorCode.Local_Transport"/> closes the connection
    /// instead.</summary>
    Task PushBrokerRequestErrorAsync(int brokerId, KafkaApiKey apiKey, ErrorCode errorCode, TimeSpan roundTrip,
        CancellationToken cancellationToken = default);

    /// <summary>Moves leadership of one partition to a broker.</summary>
    Task SetPartitionLeaderAsync(string topic, int partition, int brokerId,
        CancellationToken cancellationToken = default);

    /// <summary>Makes a broker the coordinator of a consumer group.</summary>
    Task SetGroupCoordinatorAsync(string groupId, int brokerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes every request on a topic fail with <paramref name="errorCode"/>; <see cref="ErrorCode.NoError"/> clears
    /// it.
    /// </summary>
    Task SetTopicErrorAsync(string topic, ErrorCode errorCode, CancellationToken cancellationToken = default);

    /// <summary>Deletes the records of a partition below <paramref name="beforeOffset"/>.</summary>
    Task DeleteRecordsAsync(string topic, int partition, long beforeOffset,
        CancellationToken cancellationToken = default);
}
