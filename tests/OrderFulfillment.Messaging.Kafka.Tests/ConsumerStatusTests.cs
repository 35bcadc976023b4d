using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>Fails the first attempts at every message, then holds the next one until the test opens the gate.</summary>
public sealed class Flaky
{
    private int _attempts;

    public required Func<int, Exception> Failure { get; init; }

    public int FailingAttempts { get; init; } = 2;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Attempts => Volatile.Read(ref _attempts);

    public async Task Attempt()
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (attempt <= FailingAttempts)
        {
            throw Failure(attempt);
        }

        await Gate.Task;
    }
}

public sealed class FlakyConsumer(Flaky flaky) : IConsumer<OrderStepRecorded>
{
    public Task Consume(ConsumeContext<OrderStepRecorded> context) => flaky.Attempt();
}

public sealed class ConsumerStatusTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_record_retried_in_place_shows_its_key_attempts_and_last_error_until_it_succeeds()
    {
        var flaky = new Flaky { Failure = attempt =>
            new TimeoutException($"The database did not answer (attempt {attempt}).") };
        await Run(flaky, e =>
        {
            e.UseMessageRetry(r =>
            {
                r.Interval(10, TimeSpan.FromMilliseconds(50));
                r.ReleaseConcurrencyWhileWaiting();
            });
            e.RecordFailedAttempts();
        }, typeof(TimeoutException), "The database did not answer (attempt 2).");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_record_the_rider_redelivers_shows_its_attempts_and_last_error_until_it_succeeds()
    {
        // Escapes the pipeline (never dead-lettered), so the rider's own loop tries it again after a growing delay.
        var flaky = new Flaky { Failure = attempt =>
            new DeserializerUnavailableException($"The registry is away (attempt {attempt}).") };
        await Run(flaky, _ => { }, typeof(DeserializerUnavailableException), "The registry is away (attempt 2).");
    }

    private static async Task Run(Flaky flaky, Action<IKafkaTopicReceiveEndpointConfigurator> configure, Type errorType,
        string errorMessage)
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<FlakyConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<OrderStepRecorded>(topic, "status", e =>
            {
                configure(e);
                e.ConfigureConsumer<FlakyConsumer>(context);
            }),
            services => services.AddSingleton(flaky));
        var rider = host.Services.GetRequiredService<IKafkaRider>();
        var order = Guid.NewGuid();
        await host.Producer<OrderStepRecorded>().Produce(new OrderStepRecorded(order, 0));

        await Eventually.True(() => flaky.Attempts == 3, TimeSpan.FromSeconds(30),
            "the third attempt runs after two failures");
        await Eventually.True(() => rider.ConsumerStatus().Single().HighWatermark == 1, TimeSpan.FromSeconds(30),
            "the statistics saw the record");
        var held = rider.ConsumerStatus().Single();
        held.Should().BeEquivalentTo(new { GroupId = "status", Topic = topic, Partition = 0, Position = 1L,
            HighWatermark = 1L, Lag = 1L, Pending = 1 });
        held.OldestPending.Should().BeEquivalentTo(new
        {
            Key = order.ToString(),
            Offset = 0L,
            Attempts = 3,
            LastErrorType = errorType.FullName,
            LastErrorMessage = errorMessage,
        });
        held.OldestPending!.AgeSeconds.Should().BePositive();

        flaky.Gate.SetResult();
        await Eventually.True(() =>
            rider.ConsumerStatus().Single() is { Pending: 0, OldestPending: null, CommittedOffset: 1, Lag: 0 },
            TimeSpan.FromSeconds(30), "once handled, nothing is pending and the commit caught up");
    }
}
