using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults.Kafka;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>MassTransit with the Kafka rider, as every service runs it.</summary>
public static class KafkaMessagingExtensions
{
    /// <summary>Default cluster address when <c>Kafka:BootstrapServers</c> is not set (a local broker).</summary>
    public const string DefaultBootstrapServers = "localhost:9092";

    /// <summary>
    /// Default schema registry when <c>SchemaRegistry:Url</c> is not set (a local Confluent Schema Registry).
    /// </summary>
    public const string DefaultSchemaRegistryUrl = "http://localhost:8081";

    /// <summary>
    /// Adds MassTransit (an in-memory bus: Kafka is the only transport) with the Kafka rider on
    /// <c>Kafka:BootstrapServers</c>, writing and reading values as Avro with the schema registry at
    /// <c>SchemaRegistry:Url</c> (<see cref="AddPlatformSchemaRegistry"/>), secured by the <c>Kafka</c> section's
    /// security settings (<see cref="KafkaConnectionSettings"/>). Consumer settings under <c>Kafka:Consumer</c> (e.g.
    /// <c>SessionTimeoutMs</c>) apply to every topic endpoint; <paramref name="register"/> adds consumers, sagas and
    /// producers, and
    /// <paramref name="configure"/> the topic endpoints.
    /// </summary>
    public static TBuilder AddKafkaMessaging<TBuilder>(this TBuilder builder,
        Action<IRiderRegistrationConfigurator> register,
        Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure)
        where TBuilder : IHostApplicationBuilder
    {
        // Read now, not when the bus starts: a wrong security setting stops the service before anything connects.
        var connection = KafkaConnectionSettings.Read(builder.Configuration);
        var consumer = builder.Configuration.GetSection("Kafka:Consumer");
        var producer = builder.Configuration.GetSection("Kafka:Producer");
        // The host finishes starting only once the bus and the rider have: background services that produce (the
        // outbox, the deadline sweeper) can wait for ApplicationStarted instead of racing the rider.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        // MassTransit reports usage to its vendor at start unless told not to; services here run offline (CI, private
        // networks) and must not phone home by default. MassTransit:UsageTelemetry=true turns it back on.
        var usageTelemetry = builder.Configuration.GetValue("MassTransit:UsageTelemetry", false);
        builder.Services.Configure<UsageTelemetryOptions>(o => o.Enabled = usageTelemetry);
        builder.Services.AddHealthChecks()
            .AddCheck<KafkaProducerHealthCheck>("kafka-producer", tags: [HealthExtensions.Ready]);
        // Before MassTransit: the schemas are registered or verified before the bus starts.
        builder.AddPlatformSchemaRegistry();
        builder.Services.AddMassTransit(x =>
        {
            x.UsingInMemory();
            x.AddRider(rider =>
            {
                register(rider);
                rider.UsingKafka((context, k) =>
                {
                    KafkaConnectionLog.Write(context, connection);
                    k.Host(connection.BootstrapServers, host => connection.ApplyTo(host.Client));
                    k.UseAvroSerializer(context);
                    k.ConfigureConsumers(consumer.Bind);
                    k.ConfigureProducer(producer.Bind);
                    configure(context, k);
                });
            });
        });
        return builder;
    }

    /// <summary>
    /// The schema registry client and the platform's contracts (<see cref="PlatformSchemas"/>).
    /// <c>SchemaRegistry:Url</c> (default <see cref="DefaultSchemaRegistryUrl"/>),
    /// <c>SchemaRegistry:BasicAuthUserInfo</c>
    /// (<c>user:password</c>, when the registry wants it) or <c>SchemaRegistry:BasicAuthUserInfoFile</c> (a file
    /// holding it), <c>SchemaRegistry:SslCaLocation</c> (the CA that signed the registry's certificate) and
    /// <c>SchemaRegistry:AutoRegisterSchemas</c> (default false: the service then verifies at start that its schemas
    /// are registered).
    /// </summary>
    /// <exception cref="InvalidSettingException">Both the user info and its file are set, or a file is
    /// missing.</exception>
    public static TBuilder AddPlatformSchemaRegistry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection("SchemaRegistry");
        var registry = new SettingValues(section);
        // The credentials now: a missing or doubly given secret stops the start here, not at the first registry call.
        var userInfo = registry.Secret("BasicAuthUserInfo");
        var caLocation = registry.ExistingPath("SslCaLocation");
        builder.Services.AddAvroSerialization(o =>
        {
            o.SchemaRegistry.Url = registry.Text("Url") ?? DefaultSchemaRegistryUrl;
            if (userInfo is not null)
            {
                o.SchemaRegistry.BasicAuthCredentialsSource = Confluent.SchemaRegistry.AuthCredentialsSource.UserInfo;
                o.SchemaRegistry.BasicAuthUserInfo = userInfo;
            }

            if (caLocation is not null)
            {
                o.SchemaRegistry.SslCaLocation = caLocation;
            }

            o.AutoRegisterSchemas = section.GetValue("AutoRegisterSchemas", false);
            o.Contracts.AddPlatformContracts();
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
