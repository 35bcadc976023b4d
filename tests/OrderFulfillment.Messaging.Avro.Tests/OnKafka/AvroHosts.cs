using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

/// <summary>
/// What a consumer under test received, by message id: a message handled twice shows up as a count of 2.
/// </summary>
public sealed class Received<T>
    where T : class
{
    public ConcurrentDictionary<Guid, (T Message, int Count)> ById { get; } = new();

    public void Add(ConsumeContext<T> context) =>
        ById.AddOrUpdate(context.MessageId!.Value, _ => (context.Message, 1),
            (_, seen) => (seen.Message, seen.Count + 1));
}

public sealed class ReceivingConsumer<T>(Received<T> received) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        received.Add(context);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A service "build" on the embedded Kafka and the shared test registry: it writes and reads one message type
/// as Avro with the schema versions it was built with, producing to and consuming from one topic.
/// </summary>
public static class AvroHosts
{
    public static IReadOnlyList<VersionedSchema> PlatformSchemas { get; } =
        SchemaFolder.LoadEmbedded(typeof(Topics).Assembly);

    public static IReadOnlyList<string> Versions(string contract, int upTo) =>
        PlatformSchemas.Where(s => s.Contract == contract && s.Version <= upTo).OrderBy(s => s.Version)
            .Select(s => s.Text).ToList();

    public static Task<RiderHost> Start<T>(string topic, string? group, Func<T, string> key,
        IReadOnlyList<string> versions, Received<T>? received = null, bool autoRegister = true,
        string? registryUrl = null)
        where T : class =>
        RiderHost.Start(
            rider =>
            {
                rider.AddProducer(topic, key);
                if (received is not null)
                {
                    rider.AddConsumer<ReceivingConsumer<T>>();
                }
            },
            (context, k) =>
            {
                k.UseAvroSerializer(context);
                if (group is not null)
                {
                    k.TopicEndpoint<T>(topic, group, e => e.ConfigureConsumer<ReceivingConsumer<T>>(context));
                }
            },
            services =>
            {
                services.AddAvroSerialization(o =>
                {
                    o.SchemaRegistry.Url = registryUrl ?? TestSchemaRegistry.Url;
                    o.AutoRegisterSchemas = autoRegister;
                    o.Contracts.Add(typeof(T), topic + "-value", versions);
                });
                if (received is not null)
                {
                    services.AddSingleton(received);
                }
            });
}
