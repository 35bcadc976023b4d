using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>MassTransit's view of a topic endpoint's consumer: started and stopped with the rider.</summary>
internal sealed class KafkaReceiveTransport(TopicEndpointSettings settings, ReceiveEndpointContext context)
    : IReceiveTransport
{
    private KafkaConsumerLoop? _loop;

    /// <summary>The endpoint's settings, Confluent consumer configuration included, for tests.</summary>
    internal TopicEndpointSettings Settings => settings;

    /// <summary>The running loop, for tests that simulate a crash.</summary>
    internal KafkaConsumerLoop? Loop => _loop;

    /// <summary>
    /// Why the endpoint is degraded, when a record has been pending longer than the threshold; else null.
    /// </summary>
    public string? PendingTooLong() =>
        _loop?.OldestPending() is { } oldest && oldest.Age > settings.PendingAgeThreshold
            ? $"record {oldest.Partition.Topic}[{oldest.Partition.Partition.Value}]@{oldest.Offset} pending for " +
                $"{oldest.Age.TotalSeconds:0} s (threshold {settings.PendingAgeThreshold.TotalSeconds:0} s)"
            : null;

    /// <summary>The partitions the endpoint owns now; none while it is not running.</summary>
    public IEnumerable<KafkaPartitionStatus> Status() => _loop?.Status() ?? [];

    public ReceiveTransportHandle Start()
    {
        _loop = new KafkaConsumerLoop(settings, context);
        _loop.Start();
        return new Handle(_loop);
    }

    public ConnectHandle ConnectReceiveObserver(IReceiveObserver observer) => context.ConnectReceiveObserver(observer);

    public ConnectHandle ConnectReceiveTransportObserver(IReceiveTransportObserver observer) =>
        context.ConnectReceiveTransportObserver(observer);

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => context.ConnectPublishObserver(observer);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => context.ConnectSendObserver(observer);

    public void Probe(ProbeContext probe)
    {
        var scope = probe.CreateScope("kafka");
        scope.Add("topic", settings.Topic);
        scope.Add("groupId", settings.GroupId);
        scope.Add("concurrentMessageLimit", settings.ConcurrentMessageLimit);
    }

    private sealed class Handle(KafkaConsumerLoop loop) : ReceiveTransportHandle
    {
        public Task Stop(CancellationToken cancellationToken) => loop.StopAsync().WaitAsync(cancellationToken);
    }
}
