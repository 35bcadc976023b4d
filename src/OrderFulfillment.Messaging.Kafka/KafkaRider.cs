using MassTransit;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka;

/// <summary>The Kafka rider as registered with the bus; resolve it to reach the rider after the bus started.</summary>
public interface IKafkaRider : IRider
{
}

internal sealed class KafkaRider : IKafkaRider, IRiderControl
{
    private readonly ReceiveEndpointCollection _endpoints = new();
    private readonly List<KafkaReceiveTransport> _transports = [];

    public void Add(string name, ReceiveEndpoint endpoint, KafkaReceiveTransport transport)
    {
        _endpoints.Add(name, endpoint);
        _transports.Add(transport);
    }

    public RiderHandle Start(CancellationToken cancellationToken = default)
    {
        var handles = _endpoints.StartEndpoints(cancellationToken);
        return new Handle(Task.WhenAll(handles.Select(h => h.Ready)), _endpoints);
    }

    public IEnumerable<EndpointHealthResult> CheckEndpointHealth() => _endpoints.CheckEndpointHealth();

    /// <summary>Simulates a crash of every topic endpoint: consumption stops and nothing more is committed.</summary>
    internal Task CrashAsync() => Task.WhenAll(_transports.Select(t => t.Loop?.AbortAsync() ?? Task.CompletedTask));

    private sealed class Handle(Task ready, ReceiveEndpointCollection endpoints) : RiderHandle
    {
        public Task Ready { get; } = ready;

        public Task StopAsync(CancellationToken cancellationToken) => endpoints.StopEndpoints(cancellationToken);
    }
}
