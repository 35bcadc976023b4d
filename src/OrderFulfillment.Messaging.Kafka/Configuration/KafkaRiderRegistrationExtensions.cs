using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>Registration of the Kafka rider inside <c>AddMassTransit(x => x.AddRider(rider => ...))</c>.</summary>
public static class KafkaRiderRegistrationExtensions
{
    /// <summary>Uses Kafka for this rider: the cluster, producers' settings and topic endpoints.</summary>
    public static void UsingKafka(this IRiderRegistrationConfigurator rider,
        Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure)
    {
        AddRiderServices(rider);
        rider.SetRiderFactory(new KafkaRiderFactory(configure));
    }

    /// <summary>
    /// Registers <typeparamref name="T"/> as produced to <paramref name="topic"/>, keyed by <paramref
    /// name="keyResolver"/> (the aggregate id), and an <see cref="ITopicProducer{T}"/> for it. Publishing a
    /// <typeparamref name="T"/> from a topic endpoint also produces to this topic.
    /// </summary>
    public static void AddProducer<T>(this IRiderRegistrationConfigurator rider, string topic,
        Func<T, string> keyResolver)
        where T : class
    {
        AddRiderServices(rider);
        var registry = (KafkaProducerRegistry)rider.Single(d => d.ServiceType == typeof(KafkaProducerRegistry))
            .ImplementationInstance!;
        registry.Add(topic, keyResolver);
        rider.TryAddScoped<IKafkaRider, ITopicProducer<T>>((_, provider) => new TopicProducer<T>(topic, provider));
    }

    private static void AddRiderServices(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(KafkaProducerRegistry)))
        {
            return;
        }

        services.AddSingleton(new KafkaProducerRegistry());
        services.TryAddSingleton<KafkaClientSettings>();
        services.TryAddSingleton<KafkaProducerClient>();
        services.TryAddSingleton<KafkaTopicTransports>();
        services.TryAddSingleton<KafkaSerialization>();
    }
}
