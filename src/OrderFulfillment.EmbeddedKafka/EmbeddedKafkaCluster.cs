using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using OrderFulfillment.EmbeddedKafka.Native;

namespace OrderFulfillment.EmbeddedKafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, which speaks the Kafka wire protocol on loopback TCP, so
/// any Kafka client in any process on this host can use it through <see cref="BootstrapServers"/>. Data lives in
/// memory only (at most 5 MiB per partition) and is lost on dispose. Disposing closes the brokers' ports.
/// </summary>
/// <remarks>
/// Not emulated by the mock, so nothing may depend on it for correctness: broker-side deduplication of idempotent
/// producers, transactions and read_committed, replication (acks are ignored), retention and compaction, SASL, TLS.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IKafkaClusterControl, IDisposable
{
    private const int ErrorBufferSize = 512;

    private readonly Lock _gate = new();
    private nint _handle;
    private nint _cluster;

    private EmbeddedKafkaCluster(nint handle, nint cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster returned no bootstrap servers.");
    }

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <summary>Number of brokers, with ids 1..<see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster and creates <see cref="EmbeddedKafkaOptions.Topics"/>.</summary>
    /// <exception cref="DllNotFoundException">No loadable librdkafka was found; the message lists what was
    /// tried.</exception>
    public static EmbeddedKafkaCluster Start(EmbeddedKafkaOptions? options = null)
    {
        options ??= new EmbeddedKafkaOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Brokers, 1);

        var handle = CreateOwnerHandle();
        var cluster = NativeMethods.MockClusterNew(handle, options.Brokers);
        if (cluster == nint.Zero)
        {
            NativeMethods.KafkaDestroy(handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }

        var embedded = new EmbeddedKafkaCluster(handle, cluster, options.Brokers);
        try
        {
            NativeMethods.MockGroupInitialRebalanceDelayMs(cluster,
                (int)options.GroupInitialRebalanceDelay.TotalMilliseconds);
            foreach (var topic in options.Topics)
            {
                embedded.CreateTopic(topic.Name, topic.Partitions);
            }

            return embedded;
        }
        catch
        {
            embedded.Dispose();
            throw;
        }
    }

    /// <summary>Creates a topic; see <see cref="IKafkaClusterControl.CreateTopicAsync"/>.</summary>
    public void CreateTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Check(NativeMethods.MockTopicCreate(Cluster, topic, partitions, Math.Min(3, BrokerCount)),
            $"create topic {topic}");
    }

    /// <inheritdoc />
    public Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken = default) =>
        Run(() => CreateTopic(topic, partitions));

    /// <inheritdoc />
    public Task SetBrokerDownAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Run(() =>
            Check(NativeMethods.MockBrokerSetDown(Cluster, ValidBroker(brokerId)), $"take broker {brokerId} down"));

    /// <inheritdoc />
    public Task SetBrokerUpAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Run(() => Check(NativeMethods.MockBrokerSetUp(Cluster, ValidBroker(brokerId)), $"bring broker {brokerId} up"));

    /// <inheritdoc />
    public Task SetRoundTripDelayAsync(int brokerId, TimeSpan roundTrip,
        CancellationToken cancellationToken = default) =>
        Run(() => Check(
            NativeMethods.MockBrokerSetRtt(Cluster, ValidBroker(brokerId), (int)roundTrip.TotalMilliseconds),
            $"set round trip of broker {brokerId}"));

    /// <inheritdoc />
    public Task PushRequestErrorsAsync(KafkaApiKey apiKey, IReadOnlyList<ErrorCode> errors,
        CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            var codes = errors.Select(e => (int)e).ToArray();
            NativeMethods.MockPushRequestErrorsArray(Cluster, (short)apiKey, (nuint)codes.Length, codes);
        });

    /// <inheritdoc />
    public Task PushBrokerRequestErrorAsync(int brokerId, KafkaApiKey apiKey, ErrorCode errorCode, TimeSpan roundTrip,
        CancellationToken cancellationToken = default) =>
        Run(() => Check(
            NativeMethods.MockBrokerPushRequestErrorRtt(Cluster, ValidBroker(brokerId), (short)apiKey, 1,
                (int)errorCode, (int)roundTrip.TotalMilliseconds),
            $"push {errorCode} for {apiKey} on broker {brokerId}"));

    /// <inheritdoc />
    public Task SetPartitionLeaderAsync(string topic, int partition, int brokerId,
        CancellationToken cancellationToken = default) =>
        Run(() => Check(
            NativeMethods.MockPartitionSetLeader(Cluster, topic, partition, ValidBroker(brokerId)),
            $"move leader of {topic}[{partition}] to broker {brokerId}"));

    /// <inheritdoc />
    public Task SetGroupCoordinatorAsync(string groupId, int brokerId, CancellationToken cancellationToken = default) =>
        Run(() => Check(
            NativeMethods.MockCoordinatorSet(Cluster, "group", groupId, ValidBroker(brokerId)),
            $"make broker {brokerId} coordinator of group {groupId}"));

    /// <inheritdoc />
    public Task SetTopicErrorAsync(string topic, ErrorCode errorCode, CancellationToken cancellationToken = default) =>
        Run(() => NativeMethods.MockTopicSetError(Cluster, topic, (int)errorCode));

    /// <inheritdoc />
    public Task DeleteRecordsAsync(string topic, int partition, long beforeOffset,
        CancellationToken cancellationToken = default) =>
        Run(() => Check(
            NativeMethods.MockPartitionDeleteRecords(Cluster, topic, partition, beforeOffset),
            $"delete records of {topic}[{partition}] before {beforeOffset}"));

    /// <summary>Stops the brokers and frees their ports.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster == nint.Zero)
            {
                return;
            }

            // The cluster must go before its owning handle: the reverse order aborts the process.
            NativeMethods.MockClusterDestroy(_cluster);
            NativeMethods.KafkaDestroy(_handle);
            _cluster = nint.Zero;
            _handle = nint.Zero;
        }
    }

    private nint Cluster
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_cluster == nint.Zero, this);
                return _cluster;
            }
        }
    }

    private int ValidBroker(int brokerId)
    {
        if (brokerId != -1 && (brokerId < 1 || brokerId > BrokerCount))
        {
            throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId,
                $"Broker ids are 1..{BrokerCount}, or -1 for all.");
        }

        return brokerId;
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            var reason = Marshal.PtrToStringUTF8(NativeMethods.ErrorToString(error));
            throw new InvalidOperationException($"Embedded Kafka could not {what}: {(ErrorCode)error} ({reason}).");
        }
    }

    private static nint CreateOwnerHandle()
    {
        var errors = new byte[ErrorBufferSize];
        var conf = NativeMethods.ConfNew();
        // The owner handle never talks to a broker; keep its own log quiet but for errors.
        if (NativeMethods.ConfSet(conf, "log_level", "3", errors, ErrorBufferSize) != NativeMethods.ConfOk)
        {
            NativeMethods.ConfDestroy(conf);
            throw new InvalidOperationException("librdkafka rejected log_level: " + ReadError(errors));
        }

        var handle = NativeMethods.KafkaNew(NativeMethods.ProducerType, conf, errors, ErrorBufferSize);
        if (handle == nint.Zero)
        {
            // rd_kafka_new takes ownership of conf only on success.
            NativeMethods.ConfDestroy(conf);
            throw new InvalidOperationException("librdkafka could not create the handle that owns the mock cluster: "
                + ReadError(errors));
        }

        return handle;
    }

    private static string ReadError(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }
}
