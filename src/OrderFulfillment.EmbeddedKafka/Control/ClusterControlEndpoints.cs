using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrderFulfillment.EmbeddedKafka.Control;

/// <summary>The control channel's routes; each maps one <see cref="IKafkaClusterControl"/> call.</summary>
internal static class ClusterControlEndpoints
{
    internal static void MapClusterControl(this IEndpointRouteBuilder routes, IKafkaClusterControl cluster)
    {
        routes.MapGet("/cluster", () => TypedResults.Ok(new ClusterInfo(cluster.BootstrapServers)));

        routes.MapPost("/topics", (CreateTopicRequest r, CancellationToken ct) =>
            Apply(() => cluster.CreateTopicAsync(r.Name, r.Partitions, ct)));

        routes.MapPost("/brokers/{brokerId:int}/down", (int brokerId, CancellationToken ct) =>
            Apply(() => cluster.SetBrokerDownAsync(brokerId, ct)));

        routes.MapPost("/brokers/{brokerId:int}/up", (int brokerId, CancellationToken ct) =>
            Apply(() => cluster.SetBrokerUpAsync(brokerId, ct)));

        routes.MapPut("/brokers/{brokerId:int}/rtt", (int brokerId, RoundTripRequest r, CancellationToken ct) =>
            Apply(() => cluster.SetRoundTripDelayAsync(brokerId, TimeSpan.FromMilliseconds(r.Milliseconds), ct)));

        routes.MapPost("/request-errors", (RequestErrorsRequest r, CancellationToken ct) =>
            Apply(() => cluster.PushRequestErrorsAsync(r.ApiKey, r.Errors, ct)));

        routes.MapPost("/brokers/{brokerId:int}/request-errors",
            (int brokerId, BrokerRequestErrorRequest r, CancellationToken ct) =>
            Apply(() => cluster.PushBrokerRequestErrorAsync(brokerId, r.ApiKey, r.Error,
                TimeSpan.FromMilliseconds(r.RoundTripMilliseconds), ct)));

        routes.MapPut("/topics/{topic}/partitions/{partition:int}/leader",
            (string topic, int partition, BrokerRequest r, CancellationToken ct) =>
            Apply(() => cluster.SetPartitionLeaderAsync(topic, partition, r.BrokerId, ct)));

        routes.MapPut("/groups/{groupId}/coordinator", (string groupId, BrokerRequest r, CancellationToken ct) =>
            Apply(() => cluster.SetGroupCoordinatorAsync(groupId, r.BrokerId, ct)));

        routes.MapPut("/topics/{topic}/error", (string topic, TopicErrorRequest r, CancellationToken ct) =>
            Apply(() => cluster.SetTopicErrorAsync(topic, r.Error, ct)));

        routes.MapPost("/topics/{topic}/partitions/{partition:int}/delete-records",
            (string topic, int partition, DeleteRecordsRequest r, CancellationToken ct) =>
            Apply(() => cluster.DeleteRecordsAsync(topic, partition, r.BeforeOffset, ct)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Apply(Func<Task> action)
    {
        try
        {
            await action();
            return TypedResults.NoContent();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest,
                title: "The cluster refused the request");
        }
    }
}
