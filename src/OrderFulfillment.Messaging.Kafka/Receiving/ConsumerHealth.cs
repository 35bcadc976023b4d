using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Tells MassTransit whether the endpoint can reach the cluster (which drives the bus health check) and keeps the
/// per-partition committed offset, high watermark and lag, both from librdkafka's periodic statistics and its error
/// events.
/// </summary>
internal sealed class ConsumerHealth(ReceiveEndpointContext context, TopicEndpointSettings settings)
{
    private readonly ConcurrentDictionary<int, PartitionStatistics> _partitions = new();
    private int _state; // 0 starting, 1 ready, 2 faulted

    public void Assigned() => Ready();

    public void ClientError(Error error)
    {
        if (error.Code == ErrorCode.Local_AllBrokersDown || error.IsFatal)
        {
            Faulted(new KafkaException(error));
        }
    }

    public void Statistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var anyBrokerUp = root.GetProperty("brokers").EnumerateObject()
            .Any(b => b.Value.GetProperty("nodeid").GetInt32() >= 0
                && b.Value.GetProperty("state").GetString() == "UP");
        if (anyBrokerUp)
        {
            Ready();
        }
        else
        {
            Faulted(new KafkaException(
                new Error(ErrorCode.Local_AllBrokersDown, "No broker of the cluster is reachable.")));
        }

        if (root.GetProperty("topics").TryGetProperty(settings.Topic, out var topic))
        {
            foreach (var partition in topic.GetProperty("partitions").EnumerateObject())
            {
                var lag = partition.Value.GetProperty("consumer_lag").GetInt64();
                var id = int.Parse(partition.Name, System.Globalization.CultureInfo.InvariantCulture);
                if (id >= 0)
                {
                    _partitions[id] =
                        new PartitionStatistics(partition.Value.GetProperty("committed_offset").GetInt64(),
                        partition.Value.GetProperty("lo_offset").GetInt64(),
                        partition.Value.GetProperty("hi_offset").GetInt64(), lag);
                }
            }
        }
    }

    /// <summary>The partition's figures from the latest statistics that had them; null before any.</summary>
    public PartitionStatistics? Of(int partition) => _partitions.TryGetValue(partition, out var statistics) ? statistics
        : null;

    public IEnumerable<Measurement<long>> LagMeasurements() =>
        _partitions.Where(p => p.Value.Lag >= 0).Select(p => new Measurement<long>(p.Value.Lag,
            new KeyValuePair<string, object?>("topic", settings.Topic),
            new KeyValuePair<string, object?>("partition", p.Key),
            new KeyValuePair<string, object?>("group", settings.GroupId)));

    public void Faulted(Exception exception)
    {
        if (Interlocked.Exchange(ref _state, 2) != 2)
        {
            _ = context.TransportObservers.NotifyFaulted(context.InputAddress, exception);
        }
    }

    public void Completed(long deliveryCount, int concurrency) =>
        _ = context.TransportObservers.NotifyCompleted(context.InputAddress, new Metrics(deliveryCount, concurrency));

    private void Ready()
    {
        if (Interlocked.Exchange(ref _state, 1) != 1)
        {
            _ = context.TransportObservers.NotifyReady(context.InputAddress, true);
        }
    }

    private sealed record Metrics(long DeliveryCount, int ConcurrentDeliveryCount) : DeliveryMetrics;
}

/// <summary>
/// A partition as librdkafka's statistics saw it: committed offset, low and high watermarks and lag (-1 when unknown).
/// </summary>
internal readonly record struct PartitionStatistics(long Committed, long LowWatermark, long HighWatermark, long Lag);
