using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.ServiceDefaults.Validation;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Topic endpoints whose every message is handled in one transaction of the service's database.</summary>
public static class TransactionalEndpointExtensions
{
    /// <summary>
    /// Tries of a message that fails for a permanent reason (a constraint violation, a data error, a bug).
    /// </summary>
    public const int PermanentFailureTries = 3;

    /// <summary>
    /// Adds a topic endpoint in the service's own consumer group (<see cref="KafkaMessagingExtensions.ConsumerGroup"/>)
    /// whose consumers and sagas run inside the inbox/outbox transaction of <typeparamref name="TDbContext"/>.
    /// Every message is validated first (<see cref="UseMessageValidation{TMessage}"/>): an invalid one is dead-lettered
    /// at once, untried. Transient failures (<see cref="TransientFailures.IsTransient(Exception)"/>) are retried in
    /// place with backoff for as long as they last: the message is valid and only the database or the brokers were
    /// busy or away, so it must not end up on the dead-letter topic. Any other failure gets
    /// <see cref="PermanentFailureTries"/> tries in all, each from a fresh transaction, and then goes to the
    /// dead-letter topic with its reason.
    /// </summary>
    public static void TransactionalTopicEndpoint<TMessage, TDbContext>(this IKafkaFactoryConfigurator kafka,
        IRiderRegistrationContext context, string service, string topic,
        Action<IKafkaTopicReceiveEndpointConfigurator> configure)
        where TMessage : class
        where TDbContext : DbContext =>
        kafka.TopicEndpoint<TMessage>(topic, KafkaMessagingExtensions.ConsumerGroup(service, topic), e =>
        {
            e.UseMessageRetry(TransientFailureRetry);
            e.UseMessageRetry(PermanentFailureRetry);
            // Inside the retries and outside the outbox, so the consumer status sees every attempt's failure, commits
            // included.
            e.RecordFailedAttempts();
            e.UseMessageValidation<TMessage>();
            // The inbox is named by the consumer group (a class rename orphans nothing) and remembers a message for as
            // long as its topic keeps it (Audit topics a year), so no redelivery can take effect twice.
            e.UseEntityFrameworkOutbox<TDbContext>(context, inbox =>
            {
                inbox.ConsumerId = e.GroupId;
                inbox.DuplicateDetectionWindow =
                    OrderFulfillment.Contracts.Topics.All.FirstOrDefault(t => t.Name == topic)?.RetentionPeriod;
            });
            configure(e);
        });

    /// <summary>
    /// The retry policy of transient failures (<see cref="TransientFailures.IsTransient(Exception)"/>): in place, with
    /// exponential backoff from 10 ms to 5 s, without end, giving the endpoint's concurrency slot back while it waits.
    /// It handles nothing else, and never an <see cref="InvalidMessageException"/>.
    /// </summary>
    public static void TransientFailureRetry(IRetryConfigurator retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Ignore<InvalidMessageException>();
        retry.Handle<Exception>(TransientFailures.IsTransient);
        retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(50));
        // A record waiting out an outage must not hold one of the endpoint's concurrency slots, or 32 of them would
        // stop every other key of the endpoint too.
        retry.ReleaseConcurrencyWhileWaiting();
    }

    /// <summary>
    /// The retry policy of every other failure: <see cref="PermanentFailureTries"/> tries in all (retries after 100 ms
    /// and 500 ms), then the dead-letter pipe. It ignores transient failures (the other policy's) and
    /// <see cref="InvalidMessageException"/>, which is dead-lettered untried.
    /// </summary>
    public static void PermanentFailureRetry(IRetryConfigurator retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Ignore<InvalidMessageException>();
        retry.Ignore<Exception>(TransientFailures.IsTransient);
        retry.Intervals(100, 500);
    }

    /// <summary>
    /// Validates every <typeparamref name="TMessage"/> the endpoint consumes (message type and fields, see
    /// <see cref="MessageValidator"/>) before the filters and consumers configured
    /// after this call; an invalid message throws <see cref="InvalidMessageException"/>.
    /// </summary>
    public static void UseMessageValidation<TMessage>(this IReceiveEndpointConfigurator configurator)
        where TMessage : class =>
        configurator.AddPipeSpecification(new MessageValidationSpecification<TMessage>());
}
