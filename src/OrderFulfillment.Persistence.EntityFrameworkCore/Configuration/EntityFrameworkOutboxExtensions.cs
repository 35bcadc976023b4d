using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

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
        services.TryAddSingleton(new OutboxNotifications(options));
        services.TryAddSingleton<OutboxNotifyInterceptor>();
        // Outbox inserts made through this context carry the NOTIFY that wakes other processes' relays.
        services.AddInterceptor<TDbContext>(provider => provider.GetRequiredService<OutboxNotifyInterceptor>());
        services.TryAddSingleton<InboxConsumers<TDbContext>>();
        services.TryAddSingleton<SharedTransactions<TDbContext>>();
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
    /// <paramref name="configure"/> names the consumer's inbox (<see cref="EntityFrameworkInboxOptions.ConsumerId"/>)
    /// and sets its duplicate-detection window.
    /// </summary>
    public static void UseEntityFrameworkOutbox<TDbContext>(this IReceiveEndpointConfigurator configurator,
        IRegistrationContext context, Action<EntityFrameworkInboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(context);
        var inbox = new EntityFrameworkInboxOptions();
        configure?.Invoke(inbox);
        if (inbox.ConsumerId is { } id && string.IsNullOrWhiteSpace(id))
        {
            throw new ConfigurationException("An inbox consumer id must not be blank.");
        }

        var outbox = context.GetRequiredService<EntityFrameworkOutboxOptions>();
        var window = inbox.DuplicateDetectionWindow ?? outbox.DuplicateDetectionWindow;
        if (window <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"The duplicate-detection window must be positive, not {window}.");
        }

        var endpoint = configurator is IKafkaTopicReceiveEndpointConfigurator kafka
            ? $"{kafka.Topic}/{kafka.GroupId}"
            : configurator.InputAddress.ToString();
        var observer = new InboxOutboxConfigurationObserver<TDbContext>(endpoint, inbox.ConsumerId, window,
            context.GetRequiredService<InboxConsumers<TDbContext>>(), new ConsumeScopeProvider(context),
            context.GetRequiredService<OutboxSignal>(),
            inbox.SharedTransactions && outbox.MessagesPerTransaction > 1
            ? context.GetRequiredService<SharedTransactions<TDbContext>>() : null);
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }
}
