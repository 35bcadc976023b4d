using Confluent.SchemaRegistry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>Avro values with a schema registry for the Kafka rider.</summary>
public static class AvroSerializationExtensions
{
    /// <summary>
    /// Adds the registry client, the schema caches and the start-up registration. Call it before
    /// <c>AddMassTransit</c>: the registration must finish before the bus starts.
    /// </summary>
    public static IServiceCollection AddAvroSerialization(this IServiceCollection services,
        Action<AvroSerializationOptions> configure)
    {
        services.AddOptions<AvroSerializationOptions>().Configure(configure);
        services.AddSingleton<ISchemaRegistryClient>(provider =>
            new CachedSchemaRegistryClient(
                provider.GetRequiredService<IOptions<AvroSerializationOptions>>().Value.SchemaRegistry));
        services.AddSingleton(provider => new RegisteredSchemas(provider.GetRequiredService<ISchemaRegistryClient>(),
            provider.GetRequiredService<IOptions<AvroSerializationOptions>>().Value.AutoRegisterSchemas));
        services.AddSingleton(provider => new AvroSerializerFactory(
            provider.GetRequiredService<IOptions<AvroSerializationOptions>>().Value.Contracts,
            provider.GetRequiredService<RegisteredSchemas>()));
        services.AddHostedService<SchemaRegistration>();
        return services;
    }

    /// <summary>
    /// Writes every produced value as Avro and reads only Avro: a record in any other format (JSON, say) is
    /// dead-lettered as undeserializable, whatever its content type header says.
    /// </summary>
    public static void UseAvroSerializer(this IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        var factory = context.GetRequiredService<AvroSerializerFactory>();
        kafka.ClearSerialization();
        kafka.AddSerializer(factory);
        kafka.AddDeserializer(factory, isDefault: true);
    }
}
