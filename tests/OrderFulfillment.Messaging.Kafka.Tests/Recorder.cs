using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed record Handled(Guid OrderId, int Sequence, Guid? MessageId, Guid? ConversationId, KafkaRecord? Record,
    IReadOnlyDictionary<string, object> Headers);

/// <summary>What the consumers under test saw, shared through DI.</summary>
public sealed class Recorder
{
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<Handled> Handled { get; } = new();

    public int MaxConcurrency => _maxRunning;

    /// <summary>Set by a test to make a consumer fail for chosen messages.</summary>
    public Func<OrderStepRecorded, bool> ShouldFail { get; set; } = _ => false;

    /// <summary>Set by a test to hold handling until it allows it.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    public async Task Record(ConsumeContext<OrderStepRecorded> context)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            await Gate;
            // A little real work, so records of different keys overlap.
            await Task.Delay(2, context.CancellationToken);
            if (ShouldFail(context.Message))
            {
                throw new InvalidOperationException(
                    $"Step {context.Message.Sequence} of {context.Message.OrderId} is poison");
            }

            context.TryGetPayload<KafkaRecord>(out var record);
            var headers = context.ReceiveContext.TransportHeaders.GetAll().ToDictionary(h => h.Key, h => h.Value);
            Handled.Enqueue(new Handled(context.Message.OrderId, context.Message.Sequence, context.MessageId,
                context.ConversationId, record, headers));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value
            && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed class RecordingConsumer(Recorder recorder) : IConsumer<OrderStepRecorded>
{
    public Task Consume(ConsumeContext<OrderStepRecorded> context) => recorder.Record(context);
}

/// <summary>A service with the recording consumer on one topic endpoint, producing to the same topic.</summary>
internal static class RecordingService
{
    public static Task<RiderHost> Start(string topic, string group, Recorder recorder) =>
        RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<RecordingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) =>
                k.TopicEndpoint<OrderStepRecorded>(topic, group, e => e.ConfigureConsumer<RecordingConsumer>(context)),
            services => services.AddSingleton(recorder));
}
