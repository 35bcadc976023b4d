using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>
/// What the stuck consumer of one host did; with <see cref="Hold"/> set, handlers wait until cancelled.
/// </summary>
public sealed class Stuck
{
    public bool Hold { get; init; }

    public ConcurrentQueue<int> Started { get; } = new();

    public ConcurrentQueue<int> Cancelled { get; } = new();

    public ConcurrentQueue<int> Completed { get; } = new();
}

public sealed class StuckConsumer(Stuck stuck) : IConsumer<OrderStepRecorded>
{
    public async Task Consume(ConsumeContext<OrderStepRecorded> context)
    {
        stuck.Started.Enqueue(context.Message.Sequence);
        if (stuck.Hold)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                stuck.Cancelled.Enqueue(context.Message.Sequence);
                throw;
            }
        }

        stuck.Completed.Enqueue(context.Message.Sequence);
    }
}

internal static class StuckService
{
    public static Task<RiderHost> Start(string topic, string group, Stuck stuck,
        Action<IKafkaTopicReceiveEndpointConfigurator>? configure = null) =>
        RiderHost.Start(
            rider => rider.AddConsumer<StuckConsumer>(),
            (context, k) => k.TopicEndpoint<OrderStepRecorded>(topic, group, e =>
            {
                configure?.Invoke(e);
                e.ConfigureConsumer<StuckConsumer>(context);
            }),
            services => services.AddSingleton(stuck));

    /// <summary>
    /// Produces a step as a foreign producer would, to a chosen partition (JSON value, no MassTransit headers).
    /// </summary>
    public static async Task ProduceTo(string topic, int partition, int sequence)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig {
            BootstrapServers = KafkaFixture.Cluster.BootstrapServers }).Build();
        var value = JsonSerializer.SerializeToUtf8Bytes(new { orderId = Guid.NewGuid(), sequence });
        await producer.ProduceAsync(new TopicPartition(topic, partition),
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"key-{sequence}"), Value = value });
    }
}
