using MassTransit;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>Retry settings for topic endpoints, and what the consumer status learns from retries.</summary>
public static class KafkaRetryConfiguratorExtensions
{
    /// <summary>
    /// Makes a record waiting out this retry policy's delays give its share of the endpoint's
    /// <c>ConcurrentMessageLimit</c> back, and take it again before the next attempt, so records that keep failing
    /// transiently cannot occupy every slot while other keys wait. Only has an effect on topic endpoints.
    /// </summary>
    public static IRetryConfigurator ReleaseConcurrencyWhileWaiting(this IRetryConfigurator retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.ConnectRetryObserver(new ConcurrencyReleasingRetryObserver());
        return retry;
    }

    /// <summary>
    /// Records the exception of every failed attempt on the record, so the consumer status
    /// (<see cref="IKafkaRider.ConsumerStatus"/>) shows why a pending record holds its partition back. Call it right
    /// after the retry policies, before middleware that may fail (an outbox's commit), so it sees every attempt.
    /// </summary>
    public static void RecordFailedAttempts(this IKafkaTopicReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.UseFilter(new FailedAttemptFilter());
    }
}
