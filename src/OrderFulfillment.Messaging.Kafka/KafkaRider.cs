using MassTransit;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Receiving;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka;

/// <summary>The Kafka rider as registered with the bus; resolve it to reach the rider after the bus started.</summary>
public interface IKafkaRider : IRider
{
    /// <summary>
    /// Every partition this process's topic endpoints own now, with offsets, lag and the oldest pending record; for the
    /// operations console. Other members of the same groups (replicas) report their own partitions.
    /// </summary>
    IReadOnlyList<KafkaPartitionStatus> ConsumerStatus();
}

internal sealed class KafkaRider(KafkaProducerClient producer) : IKafkaRider, IRiderControl
{
    private readonly ReceiveEndpointCollection _endpoints = new();
    private readonly Dictionary<IReceiveEndpoint, KafkaReceiveTransport> _transports =
        new(ReferenceEqualityComparer.Instance);

    public void Add(string name, ReceiveEndpoint endpoint, KafkaReceiveTransport transport)
    {
        _endpoints.Add(name, endpoint);
        _transports.Add(endpoint, transport);
    }

    public RiderHandle Start(CancellationToken cancellationToken = default)
    {
        var handles = _endpoints.StartEndpoints(cancellationToken);
        return new Handle(Task.WhenAll(handles.Select(h => h.Ready)), _endpoints);
    }

    /// <summary>
    /// MassTransit's view of each endpoint (from its transport events), made worse where the rider knows more: every
    /// endpoint is Unhealthy while the shared producer is being rebuilt after a fatal error (dead letters and outbox
    /// deliveries cannot be written), and an endpoint is Degraded while a record has been pending longer than its
    /// <c>PendingAgeThreshold</c>.
    /// </summary>
    public IEnumerable<EndpointHealthResult> CheckEndpointHealth()
    {
        var fatal = producer.FatalError;
        foreach (var result in _endpoints.CheckEndpointHealth())
        {
            if (result.Status == BusHealthStatus.Unhealthy)
            {
                yield return result;
            }
            else if (fatal is not null)
            {
                yield return EndpointHealthResult.Unhealthy(result.ReceiveEndpoint,
                    $"the Kafka producer failed fatally ({fatal.Error.Reason}) and no produce has succeeded since it " +
                    $"was rebuilt", fatal);
            }
            else if (result.Status == BusHealthStatus.Healthy
                && _transports.TryGetValue(result.ReceiveEndpoint, out var transport)
                     && transport.PendingTooLong() is { } pending)
            {
                yield return EndpointHealthResult.Degraded(result.ReceiveEndpoint, pending);
            }
            else
            {
                yield return result;
            }
        }
    }

    public IReadOnlyList<KafkaPartitionStatus> ConsumerStatus() =>
        [.. _transports.Values.SelectMany(t => t.Status()).OrderBy(p => p.Topic, StringComparer.Ordinal)
            .ThenBy(p => p.GroupId, StringComparer.Ordinal)
            .ThenBy(p => p.Partition)];

    /// <summary>The topic endpoints' transports, for tests.</summary>
    internal IEnumerable<KafkaReceiveTransport> Transports => _transports.Values;

    /// <summary>Simulates a crash of every topic endpoint: consumption stops and nothing more is committed.</summary>
    internal Task CrashAsync() =>
        Task.WhenAll(_transports.Values.Select(t => t.Loop?.AbortAsync() ?? Task.CompletedTask));

    private sealed class Handle(Task ready, ReceiveEndpointCollection endpoints) : RiderHandle
    {
        public Task Ready { get; } = ready;

        public Task StopAsync(CancellationToken cancellationToken) => endpoints.StopEndpoints(cancellationToken);
    }
}
