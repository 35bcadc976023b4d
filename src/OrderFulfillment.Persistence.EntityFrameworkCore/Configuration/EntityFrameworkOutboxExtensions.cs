using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Registration of the EF Core inbox and outbox, shaped like MassTransit's own.</summary>
public static class EntityFrameworkOutboxExtensions
{
    /// <summary>
    /// Adds the outbox of <typeparamref name="TDbContext"/>: the delivery service, inbox cleanup and, with
    /// <see cref="EntityFrameworkOutboxOptions.UseBusOutbox"/>, the bus outbox for produces outside a consume.
    /// </summary>
    public static IServiceCollection AddEntityFrameworkOutbox<TDbContext>(this IServiceCollection services,
        Action<EntityFrameworkOutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        var options = new EntityFrameworkOutboxOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton<OutboxSignal>();
        services.AddHostedService<InboxCleanupService<TDbContext>>();
        if (options.DeliveryService)
        {
            services.AddHostedService<OutboxDeliveryService<TDbContext>>();
        }

        if (options.BusOutbox)
        {
            services.AddScoped<IKafkaBusOutbox, KafkaBusOutbox<TDbContext>>();
        }

        return services;
    }

    /// <summary>
    /// Runs every consumer and saga configured after this call inside the inbox/outbox transaction of
    /// <typeparamref name="TDbContext"/>. Call it before <c>ConfigureConsumer</c>/<c>ConfigureSaga</c>.
    /// </summary>
    public static void UseEntityFrameworkOutbox<TDbContext>(this IReceiveEndpointConfigurator configurator, IRegistrationContext context)
        where TDbContext : DbContext
    {
        var endpoint = configurator is IKafkaTopicReceiveEndpointConfigurator kafka
            ? $"{kafka.Topic}/{kafka.GroupId}"
            : configurator.InputAddress.ToString();
        var observer = new InboxOutboxConfigurationObserver<TDbContext>(endpoint, new ConsumeScopeProvider(context),
            context.GetRequiredService<OutboxSignal>());
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }
}
