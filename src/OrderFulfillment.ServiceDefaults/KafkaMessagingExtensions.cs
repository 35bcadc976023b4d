using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>MassTransit with the Kafka rider, as every service runs it.</summary>
public static class KafkaMessagingExtensions
{
    /// <summary>Default cluster address when <c>Kafka:BootstrapServers</c> is not set (a local broker).</summary>
    public const string DefaultBootstrapServers = "localhost:9092";

    /// <summary>
    /// Adds MassTransit (an in-memory bus: Kafka is the only transport) with the Kafka rider on
    /// <c>Kafka:BootstrapServers</c>. Consumer settings under <c>Kafka:Consumer</c> (e.g. <c>SessionTimeoutMs</c>)
    /// apply to every topic endpoint; <paramref name="register"/> adds consumers, sagas and producers, and
    /// <paramref name="configure"/> the topic endpoints.
    /// </summary>
    public static TBuilder AddKafkaMessaging<TBuilder>(this TBuilder builder, Action<IRiderRegistrationConfigurator> register,
        Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure)
        where TBuilder : IHostApplicationBuilder
    {
        var bootstrapServers = builder.Configuration["Kafka:BootstrapServers"] is { Length: > 0 } configured
            ? configured
            : DefaultBootstrapServers;
        var consumer = builder.Configuration.GetSection("Kafka:Consumer");
        var producer = builder.Configuration.GetSection("Kafka:Producer");
        // The host finishes starting only once the bus and the rider have: background services that produce (the
        // outbox, the deadline sweeper) can wait for ApplicationStarted instead of racing the rider.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        // MassTransit reports usage to its vendor at start unless told not to; services here run offline (CI, private
        // networks) and must not phone home by default. MassTransit:UsageTelemetry=true turns it back on.
        var usageTelemetry = builder.Configuration.GetValue("MassTransit:UsageTelemetry", false);
        builder.Services.Configure<UsageTelemetryOptions>(o => o.Enabled = usageTelemetry);
        builder.Services.AddHealthChecks().AddCheck<KafkaProducerHealthCheck>("kafka-producer", tags: [HealthExtensions.Ready]);
        builder.Services.AddMassTransit(x =>
        {
            x.UsingInMemory();
            x.AddRider(rider =>
            {
                register(rider);
                rider.UsingKafka((context, k) =>
                {
                    k.Host(bootstrapServers);
                    k.ConfigureConsumers(consumer.Bind);
                    k.ConfigureProducer(producer.Bind);
                    configure(context, k);
                });
            });
        });
        return builder;
    }

    /// <summary>Consumer group of a service's endpoint on one topic: <c>{service}.{topic}</c>.</summary>
    /// <remarks>
    /// One group per topic endpoint: members of a group rebalance together whatever topics they read, so a shared
    /// group would pause every endpoint of the service whenever one of them joins or leaves.
    /// </remarks>
    public static string ConsumerGroup(string service, string topic) => $"{service}.{topic}";
}
