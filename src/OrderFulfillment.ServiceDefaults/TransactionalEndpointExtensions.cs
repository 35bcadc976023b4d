using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Topic endpoints whose every message is handled in one transaction of the service's database.</summary>
public static class TransactionalEndpointExtensions
{
    /// <summary>
    /// Adds a topic endpoint in the service's own consumer group (<see cref="KafkaMessagingExtensions.ConsumerGroup"/>)
    /// whose consumers and sagas run inside the inbox/outbox transaction of <typeparamref name="TDbContext"/>.
    /// Transient failures (<see cref="TransientFailures.IsTransient"/>) are retried in place with backoff for as long
    /// as they last: the message is valid and only the database was busy or away, so it must not end up on the
    /// dead-letter topic. Any other failure is retried a few times, then dead-lettered with its reason.
    /// </summary>
    public static void TransactionalTopicEndpoint<TMessage, TDbContext>(this IKafkaFactoryConfigurator kafka,
        IRiderRegistrationContext context, string service, string topic, Action<IKafkaTopicReceiveEndpointConfigurator> configure)
        where TMessage : class
        where TDbContext : DbContext =>
        kafka.TopicEndpoint<TMessage>(topic, KafkaMessagingExtensions.ConsumerGroup(service, topic), e =>
        {
            e.UseMessageRetry(r =>
            {
                r.Handle<Exception>(TransientFailures.IsTransient);
                r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
            });
            e.UseMessageRetry(r =>
            {
                r.Ignore<Exception>(TransientFailures.IsTransient);
                r.Intervals(100, 500, 1000);
            });
            // The inbox is named by the consumer group (a class rename orphans nothing) and remembers a message for as
            // long as its topic keeps it (Audit topics a year), so no redelivery can take effect twice.
            e.UseEntityFrameworkOutbox<TDbContext>(context, inbox =>
            {
                inbox.ConsumerId = e.GroupId;
                inbox.DuplicateDetectionWindow = OrderFulfillment.Contracts.Topics.All.FirstOrDefault(t => t.Name == topic)?.RetentionPeriod;
            });
            configure(e);
        });
}
