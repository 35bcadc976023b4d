using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>Throws what a test chooses for a step; otherwise records the step.</summary>
public sealed class Thrower
{
    public Func<OrderStepRecorded, Exception?> Failure { get; set; } = _ => null;

    public System.Collections.Concurrent.ConcurrentQueue<OrderStepRecorded> Handled { get; } = new();
}

public sealed class ThrowingConsumer(Thrower thrower) : IConsumer<OrderStepRecorded>
{
    public Task Consume(ConsumeContext<OrderStepRecorded> context)
    {
        if (thrower.Failure(context.Message) is { } failure)
        {
            throw failure;
        }

        thrower.Handled.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>What Npgsql's PostgresException looks like to the rider: a DbException with a SQLSTATE.</summary>
public sealed class FakeDbException(string sqlState, string message) : DbException(message)
{
    public override string SqlState { get; } = sqlState;
}

public sealed class DeadLetterReasonTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Invalid_messages_and_database_failures_are_dead_lettered_with_the_field_and_the_sqlstate()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var order = Guid.NewGuid();
        var thrower = new Thrower
        {
            Failure = m => m.Sequence switch
            {
                1 => new InvalidMessageException("lines[0].quantity", "The quantity must be positive."),
                // As EF Core wraps Npgsql's exception: the DbException is inside.
                2 => new InvalidOperationException("Saving failed.",
                    new FakeDbException("23502", "null value in column \"customer_id\"")),
                _ => null,
            },
        };
        await using var host = await StartThrowing(topic, thrower);
        var producer = host.Producer<OrderStepRecorded>();
        for (var sequence = 0; sequence < 4; sequence++)
        {
            await producer.Produce(new OrderStepRecorded(order, sequence));
        }

        await Eventually.True(() => thrower.Handled.Count == 2, TimeSpan.FromSeconds(60),
            "the valid steps are handled");
        var dead = await TopicReader.ReadAsync(topic + ".dlq", 3, TimeSpan.FromSeconds(5));
        dead.Should().HaveCount(2, "each failing step is dead-lettered once");
        var invalid = dead.Single(d => Header(d, KafkaHeaders.DeadLetter.SourceOffset) == "1");
        Header(invalid, KafkaHeaders.DeadLetter.Reason).Should().Be("invalid");
        Header(invalid, KafkaHeaders.DeadLetter.Field).Should().Be("lines[0].quantity");
        Header(invalid, KafkaHeaders.DeadLetter.SqlState).Should().BeNull();
        var database = dead.Single(d => Header(d, KafkaHeaders.DeadLetter.SourceOffset) == "2");
        Header(database, KafkaHeaders.DeadLetter.Reason).Should().Be("faulted");
        Header(database, KafkaHeaders.DeadLetter.SqlState).Should().Be("23502");
        Header(database, KafkaHeaders.DeadLetter.Field).Should().BeNull();
        await Eventually.True(() => TopicReader.Committed(topic, "throwing", 1) == 4, TimeSpan.FromSeconds(30),
            "every offset is committed");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_record_too_large_for_the_dead_letter_topic_is_dead_lettered_truncated_and_committed()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var thrower = new Thrower();
        await using var host = await StartThrowing(topic, thrower);
        // 3 MB of non-JSON: undeserializable, and larger than the rider producer's message.max.bytes (1 MB).
        var value = Encoding.UTF8.GetBytes(new string('x', 3_000_000));
        using (var raw = new ProducerBuilder<byte[], byte[]>(new ProducerConfig {
            BootstrapServers = KafkaFixture.Cluster.BootstrapServers, MessageMaxBytes = 5_000_000 }).Build())
        {
            await raw.ProduceAsync(topic,
                new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("huge"), Value = value });
        }

        await host.Producer<OrderStepRecorded>().Produce(new OrderStepRecorded(Guid.NewGuid(), 1));
        await Eventually.True(() => thrower.Handled.Count == 1, TimeSpan.FromSeconds(60),
            "the record after the huge one is handled");
        await Eventually.True(() => TopicReader.Committed(topic, "throwing", 1) == 2, TimeSpan.FromSeconds(30),
            "the huge record's offset is committed");

        var dead = (await TopicReader.ReadAsync(topic + ".dlq", 2, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle().Subject;
        Header(dead, KafkaHeaders.DeadLetter.Reason).Should().Be("undeserializable");
        Header(dead, KafkaHeaders.DeadLetter.Truncated).Should().Be("true");
        Header(dead, KafkaHeaders.DeadLetter.OriginalSize).Should().Be("3000000");
        Header(dead, KafkaHeaders.DeadLetter.OriginalSha256)
            .Should().Be(Convert.ToHexStringLower(SHA256.HashData(value)));
        Header(dead, KafkaHeaders.DeadLetter.ProduceError).Should().Be(nameof(ErrorCode.MsgSizeTooLarge));
        Header(dead, KafkaHeaders.DeadLetter.SourceOffset).Should().Be("0");
        dead.Message.Value.Length.Should().BeLessThanOrEqualTo(1024);
        Encoding.UTF8.GetString(dead.Message.Key).Should().Be("huge");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_dead_letter_topic_that_refuses_everything_does_not_block_the_partition()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var order = Guid.NewGuid();
        var thrower = new Thrower { Failure = m => m.Sequence == 0 ? new InvalidMessageException("sequence",
            "Step 0 is poison.") : null };
        using var dropped = new MetricProbe(KafkaTelemetry.Name, "kafka.consumer.dead_letter_dropped", "topic");
        await KafkaFixture.Cluster.SetTopicErrorAsync(topic + ".dlq", ErrorCode.TopicAuthorizationFailed);
        try
        {
            await using var host = await StartThrowing(topic, thrower);
            var producer = host.Producer<OrderStepRecorded>();
            await producer.Produce(new OrderStepRecorded(order, 0));
            await producer.Produce(new OrderStepRecorded(order, 1));

            await Eventually.True(() => thrower.Handled.Count == 1, TimeSpan.FromSeconds(60),
                "the key moves on past the record nobody can file");
            await Eventually.True(() => TopicReader.Committed(topic, "throwing", 1) == 2, TimeSpan.FromSeconds(30),
                "both offsets are committed");
            dropped.Sum(topic).Should().Be(1, "the record given up is counted");
        }
        finally
        {
            await KafkaFixture.Cluster.SetTopicErrorAsync(topic + ".dlq", ErrorCode.NoError);
        }
    }

    internal static Task<RiderHost> StartThrowing(string topic, Thrower thrower,
        Action<IKafkaTopicReceiveEndpointConfigurator>? configure = null,
        Action<IKafkaFactoryConfigurator>? factory = null) =>
        RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<ThrowingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) =>
            {
                factory?.Invoke(k);
                k.TopicEndpoint<OrderStepRecorded>(topic, "throwing", e =>
                {
                    configure?.Invoke(e);
                    e.ConfigureConsumer<ThrowingConsumer>(context);
                });
            },
            services => services.AddSingleton(thrower));

    internal static string? Header(ConsumeResult<byte[], byte[]> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : null;
}
