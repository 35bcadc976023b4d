using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.ServiceDefaults.Operations;

/// <summary>What one process answers at <see cref="ConsumerStatusEndpoint.Path"/>.</summary>
/// <param name="Instance">Which process answered (host and process id): replicas behind one address tell apart by
/// it.</param>
/// <param name="At">When the figures were read.</param>
/// <param name="Partitions">The partitions this process owns now; its group's other members report theirs.</param>
public sealed record ConsumerStatus(string Instance, DateTimeOffset At, IReadOnlyList<KafkaPartitionStatus> Partitions);

/// <summary>
/// <c>GET /operations/consumers</c> of a worker: its Kafka consumers' partitions, lag and oldest pending records.
/// </summary>
public static class ConsumerStatusEndpoint
{
    /// <summary>Where every service answers with its consumers' status (the orchestrator with all services').</summary>
    public const string Path = "/operations/consumers";

    /// <summary>This process, as <see cref="ConsumerStatus.Instance"/> names it.</summary>
    public static string Instance { get; } =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");

    /// <summary>This process's consumer status now.</summary>
    public static ConsumerStatus Read(IKafkaRider rider, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rider);
        ArgumentNullException.ThrowIfNull(time);
        return new ConsumerStatus(Instance, time.GetUtcNow(), rider.ConsumerStatus());
    }

    /// <summary>
    /// Maps <see cref="Path"/> with the <c>operate</c> scope; each worker calls it (the orchestrator maps its aggregate
    /// instead).
    /// </summary>
    public static IEndpointRouteBuilder MapConsumerStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (IKafkaRider rider, TimeProvider time) => Read(rider, time))
            .RequireAuthorization(PlatformScopes.Operate).WithTags("Operations")
            .WithSummary(
                "This process's Kafka consumers: per partition the committed offset, position, high watermark, lag, " +
                "pending records and the oldest one's key, age, attempts and last error.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
