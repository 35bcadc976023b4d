using FluentAssertions;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MassTransit;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The orchestrator as it runs (its Program, database and Kafka endpoints), driven through its HTTP API. No worker
/// answers its commands: an order goes as far as the saga taking OrderPlaced, which is all these tests need.
/// <see cref="Client"/> acts for tenant <c>t</c> with every scope; <see cref="ClientAs"/> for anyone else.
/// </summary>
internal sealed class OrchestratorApi : IAsyncDisposable
{
    private static readonly TimeSpan SagaDeadline = TimeSpan.FromMinutes(1);

    private readonly ServiceOnKafka<OrdersDbContext> _service;

    private OrchestratorApi(ServiceOnKafka<OrdersDbContext> service)
    {
        _service = service;
        Client = ClientAs(TestTokens.Everything());
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _service.Services;

    /// <summary>
    /// Starts the orchestrator; <paramref name="workers"/> registers producers of the replies a test sends with <see
    /// cref="Reply"/>.
    /// </summary>
    public static async Task<OrchestratorApi> Start(Action<IServiceCollection>? services = null,
        Action<IRiderRegistrationConfigurator>? workers = null) =>
        new(await ServiceOnKafka.Start<OrdersDbContext>("orders", workers ?? (_ => { }), services));

    /// <summary>Produces a worker's reply to its topic, keyed by order id, as the worker would.</summary>
    public Task Reply<T>(T message)
        where T : class => _service.Commands.Producer<T>().Produce(message);

    /// <summary>A client sending <paramref name="authorization"/> (none when null); the caller disposes it.</summary>
    public HttpClient ClientAs(AuthenticationHeaderValue? authorization)
    {
        var client = ((TestServer)_service.Services.GetRequiredService<IServer>()).CreateClient();
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    public Task<HttpResponseMessage> Post(string body, string? idempotencyKey = null) =>
        Post(Client, body, idempotencyKey);

    public static async Task<HttpResponseMessage> Post(HttpClient client, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body,
            Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Submits an order that must be accepted, and returns its id.</summary>
    public async Task<Guid> Place(string body, string? idempotencyKey = null)
    {
        using var response = await Post(body, idempotencyKey);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;
    }

    /// <summary>The order as <c>GET /orders/{id}</c> shows it once its saga has taken OrderPlaced.</summary>
    public async Task<JsonElement> PlacedOrder(Guid orderId, HttpClient? client = null)
    {
        client ??= Client;
        await Eventually.True(() =>
            Order(client, orderId).Result.GetProperty("state").GetString() != OrderQueries.Submitted, SagaDeadline,
            $"the saga of order {orderId} took OrderPlaced");
        return await Order(client, orderId);
    }

    /// <summary>The order as <c>GET /orders/{id}</c> shows it once it is in <paramref name="state"/>.</summary>
    public async Task<JsonElement> InState(Guid orderId, string state, HttpClient? client = null)
    {
        client ??= Client;
        await Eventually.True(() => Order(client, orderId).Result.GetProperty("state").GetString() == state,
            SagaDeadline, $"order {orderId} reached {state}");
        return await Order(client, orderId);
    }

    /// <summary>The names of the fields a <c>400</c> validation problem lists.</summary>
    public static async Task<IEnumerable<string>> ProblemFields(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
    }

    /// <summary>
    /// Commits a CancelOrder exactly as the API does, without its state check: what a second request sends when it read
    /// the order as cancellable just before the first one's CancelOrder reached the saga.
    /// </summary>
    public async Task SendCancelOrder(Guid orderId, string tenantId)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ITopicProducer<CancelOrder>>()
            .Produce(new CancelOrder(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, tenantId,
                CancellationReasons.CustomerRequested));
        await scope.ServiceProvider.GetRequiredService<OrdersDbContext>().SaveChangesAsync();
    }

    public int Submissions() => _service.Count("SELECT count(*)::int AS \"Value\" FROM order_submissions");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _service.DisposeAsync();
    }

    // The raw JSON, so the tests see the API's field names and nulls as a client does.
    private static Task<JsonElement> Order(HttpClient client, Guid orderId) =>
        client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}");
}
