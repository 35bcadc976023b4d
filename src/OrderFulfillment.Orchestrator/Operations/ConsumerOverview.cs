using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.ServiceDefaults.Auth;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>One service's consumers in <c>GET /operations/consumers</c> of the orchestrator.</summary>
/// <param name="Service">Orchestrator, Inventory, Payments or Shipping.</param>
/// <param name="Reachable">False when the service did not answer; <paramref name="Error"/> says why and nothing else is
/// known.</param>
/// <param name="Error">Why the service's status is missing; null when it answered.</param>
/// <param name="Instance">The process that answered (host/pid): behind one address, one replica answers for itself
/// only.</param>
/// <param name="At">When that process read its figures.</param>
/// <param name="Partitions">The partitions that process owns now.</param>
public sealed record ServiceConsumers(string Service, bool Reachable, string? Error, string? Instance,
    DateTimeOffset? At, IReadOnlyList<KafkaPartitionStatus> Partitions);

/// <summary>
/// Answer of the orchestrator's <c>GET /operations/consumers</c>: every service, the orchestrator first.
/// </summary>
public sealed record ConsumerOverview(IReadOnlyList<ServiceConsumers> Services);

/// <summary>
/// The orchestrator's <c>GET /operations/consumers</c>: its own consumers and every worker's, asked in parallel with
/// the caller's token. A worker that does not answer is listed as unreachable with the error; the others are still
/// shown.
/// </summary>
public static class ConsumerOverviewEndpoint
{
    public static IEndpointRouteBuilder MapConsumerOverview(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConsumerStatusEndpoint.Path, Read)
            .RequireAuthorization(PlatformScopes.Operate).WithTags("Operations")
            .WithSummary(
                "Every service's Kafka consumers: per partition offsets, lag, pending records and why the oldest is " +
                "held back.")
            .Produces<ConsumerOverview>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<ConsumerOverview> Read(HttpRequest request, IKafkaRider rider, WorkerServices workers,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var own = ConsumerStatusEndpoint.Read(rider, time);
        var bearer = WorkerServices.BearerOf(request);
        var others =
            await Task.WhenAll(WorkerServices.Names.Select(name => Ask(workers, name, bearer, cancellationToken)));
        return new ConsumerOverview(
            [new ServiceConsumers("Orchestrator", true, null, own.Instance, own.At, own.Partitions), .. others]);
    }

    private static async Task<ServiceConsumers> Ask(WorkerServices workers, string name, string? bearer,
        CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(WorkerServices.Timeout);
            using var response =
                await workers.SendAsync(name, HttpMethod.Get, ConsumerStatusEndpoint.Path, bearer, null, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Unreachable(name, $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var status = await response.Content.ReadFromJsonAsync<ConsumerStatus>(timeout.Token)
                ?? throw new InvalidOperationException("The answer was empty.");
            return new ServiceConsumers(name, true, null, status.Instance, status.At, status.Partitions);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable(name, $"no answer within {WorkerServices.Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException
            or System.Text.Json.JsonException)
        {
            return Unreachable(name, ex.Message);
        }
    }

    private static ServiceConsumers Unreachable(string name, string error) => new(name, false, error, null, null, []);
}
