using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>
/// Readiness of the shared Kafka producer. After a fatal producer error the rider rebuilds the producer, but until a
/// produce succeeds again nothing (outbox rows, dead letters) may be leaving the service: MassTransit's bus check only
/// calls that Degraded, which readiness would still answer 200 for, so this check says Unhealthy.
/// </summary>
internal sealed class KafkaProducerHealthCheck(KafkaProducerClient producer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(producer.FatalError is { } fatal
            ? HealthCheckResult.Unhealthy(
                $"The Kafka producer failed fatally ({fatal.Error.Reason}); no produce has succeeded since it was " +
                $"rebuilt.", fatal)
            : HealthCheckResult.Healthy());
}
