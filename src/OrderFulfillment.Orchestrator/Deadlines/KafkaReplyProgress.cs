using Confluent.Kafka;

namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>
/// Reads the reply topics' high watermarks and the orchestrator's committed offsets for them from Kafka. It uses one
/// plain consumer per consumer group, with that group's id but never subscribed: such a consumer can fetch the
/// group's committed offsets without joining the group, so it disturbs no rebalance. Committed offsets are the
/// group's, not this process's, so every orchestrator replica sees the same progress.
/// </summary>
internal sealed class KafkaReplyProgress : IReplyProgress, IDisposable
{
    private readonly ConsumerConfig _client;
    private readonly IReadOnlyList<ReplyEndpoint> _endpoints;
    private readonly TimeSpan _requestTimeout;
    private readonly Dictionary<string, IConsumer<Ignore, Ignore>> _consumers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="client">Connection settings (bootstrap servers, security); group and commit settings are set
    /// here.</param>
    /// <param name="endpoints">The reply topics and the groups that read them.</param>
    /// <param name="requestTimeout">How long one watermark or committed-offset request may take before the check
    /// fails.</param>
    public KafkaReplyProgress(ConsumerConfig client, IReadOnlyList<ReplyEndpoint> endpoints, TimeSpan requestTimeout)
    {
        _client = client;
        _endpoints = endpoints;
        _requestTimeout = requestTimeout;
    }

    public Task<ReplySnapshot> Snapshot(DateTimeOffset dueBy, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var marks = new List<ReplyMark>();
            foreach (var endpoint in _endpoints)
            {
                var consumer = Consumer(endpoint.ConsumerGroup);
                for (var partition = 0; partition < endpoint.Partitions; partition++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var offsets =
                        consumer.QueryWatermarkOffsets(new TopicPartition(endpoint.Topic, partition), _requestTimeout);
                    // An empty partition (or one whose records have all expired) cannot hold an unread reply.
                    if (offsets.High.Value > offsets.Low.Value)
                    {
                        marks.Add(new ReplyMark(endpoint.ConsumerGroup, endpoint.Topic, partition, offsets.High.Value));
                    }
                }
            }

            return new ReplySnapshot(dueBy, marks);
        }, cancellationToken);

    public Task<IReadOnlyList<ReplyLag>> Behind(ReplySnapshot snapshot, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<ReplyLag>>(() =>
        {
            var behind = new List<ReplyLag>();
            foreach (var group in snapshot.Marks.GroupBy(m => m.ConsumerGroup, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var targets = group.ToDictionary(m => new TopicPartition(m.Topic, m.Partition), m => m.Target);
                var committed = Consumer(group.Key).Committed(targets.Keys, _requestTimeout)
                    .ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
                foreach (var (partition, target) in targets)
                {
                    // A group that never committed on a partition reports Offset.Unset (negative): it has read nothing.
                    var at = committed.TryGetValue(partition, out var offset) && offset >= 0 ? offset : -1;
                    if (at < target)
                    {
                        behind.Add(new ReplyLag(group.Key, partition.Topic, partition.Partition.Value, at, target));
                    }
                }
            }

            return behind;
        }, cancellationToken);

    private IConsumer<Ignore, Ignore> Consumer(string group)
    {
        lock (_gate)
        {
            if (!_consumers.TryGetValue(group, out var consumer))
            {
                consumer = new ConsumerBuilder<Ignore, Ignore>(ConsumerConfig(group)).Build();
                _consumers.Add(group, consumer);
            }

            return consumer;
        }
    }

    /// <summary>
    /// The configuration of <paramref name="group"/>'s consumer: the connection (security included) with that group's
    /// id.
    /// </summary>
    internal ConsumerConfig ConsumerConfig(string group) =>
        new(new Dictionary<string, string>(_client, StringComparer.Ordinal))
        {
            GroupId = group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            ClientId = "orchestrator-deadline-sweeper",
        };

    public void Dispose()
    {
        lock (_gate)
        {
            // Never subscribed, so there is no membership to leave and nothing to commit: dispose without Close.
            foreach (var consumer in _consumers.Values)
            {
                consumer.Dispose();
            }

            _consumers.Clear();
        }
    }
}
