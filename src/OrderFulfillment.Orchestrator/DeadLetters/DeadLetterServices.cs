using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Orchestrator.Messaging;
using OrderFulfillment.ServiceDefaults.Kafka;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>The dead-letter index and its operations API's services.</summary>
public static class DeadLetterServices
{
    /// <summary>
    /// The indexer (a consumer group of its own on every <c>.dlq</c> topic, with the rider's connection settings) and
    /// the queries, policy and actions of <c>/operations/dead-letters</c>. Needs the schema registry that
    /// <c>AddOrderSaga</c> adds.
    /// </summary>
    public static IHostApplicationBuilder AddDeadLetters(this IHostApplicationBuilder builder)
    {
        var consumer = OrchestratorMessaging.ReplyClient(builder.Configuration);
        consumer.GroupId = DeadLetterIndexer.Group;
        consumer.AutoOffsetReset = AutoOffsetReset.Earliest;
        consumer.EnableAutoCommit = false;
        consumer.EnablePartitionEof = false;
        var producer = new ProducerConfig();
        KafkaConnectionSettings.Read(builder.Configuration).ApplyTo(producer);
        builder.Configuration.GetSection("Kafka:Producer").Bind(producer);
        // An operator waits for the answer, holding the dead letter's row: give up in seconds, not librdkafka's 5
        // minutes.
        producer.MessageTimeoutMs ??= 15_000;
        producer.Acks = Acks.All;
        producer.EnableIdempotence = true;

        builder.Services.AddSingleton(services => new DeadLetterReader(services.GetRequiredService<RegisteredSchemas>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService(services =>
            new DeadLetterIndexer(consumer, services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<DeadLetterReader>(),
            services.GetRequiredService<ILogger<DeadLetterIndexer>>()));
        builder.Services.AddSingleton(new DeadLetterProducer(producer));
        builder.Services.AddSingleton(services => new DeadLetterBodies(
            services.GetRequiredService<IOptions<AvroSerializationOptions>>().Value.Contracts,
            services.GetRequiredService<RegisteredSchemas>()));
        builder.Services.AddScoped<DeadLetterReplayPolicy>();
        builder.Services.AddScoped<DeadLetterQueries>();
        builder.Services.AddScoped<DeadLetterActions>();
        return builder;
    }
}
