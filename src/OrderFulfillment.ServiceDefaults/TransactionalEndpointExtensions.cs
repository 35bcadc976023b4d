using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Topic endpoints whose every message is handled in one transaction of the service's database.</summary>
public static class TransactionalEndpointExtensions
{
    /// <summary>
    /// Adds a topic endpoint in the service's own consumer group (<see cref="KafkaMessagingExtensions.ConsumerGroup"/>)
    /// whose consumers and sagas run inside the inbox/outbox transaction of <typeparamref name="TDbContext"/>.
    /// Database conflicts (a concurrent update, a deadlock, a lost connection) are retried in place a few times;
    /// after that the rider's own redelivery takes over, so a message is never skipped.
    /// </summary>
    public static void TransactionalTopicEndpoint<TMessage, TDbContext>(this IKafkaFactoryConfigurator kafka,
        IRiderRegistrationContext context, string service, string topic, Action<IKafkaTopicReceiveEndpointConfigurator> configure)
        where TMessage : class
        where TDbContext : DbContext =>
        kafka.TopicEndpoint<TMessage>(topic, KafkaMessagingExtensions.ConsumerGroup(service, topic), e =>
        {
            e.UseMessageRetry(r =>
            {
                r.Handle<DbUpdateException>();
                r.Handle<NpgsqlException>();
                r.Intervals(10, 50, 250, 1000);
            });
            e.UseEntityFrameworkOutbox<TDbContext>(context);
            configure(e);
        });
}
