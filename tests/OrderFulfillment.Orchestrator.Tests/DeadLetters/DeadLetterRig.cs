using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Tests.Api;

namespace OrderFulfillment.Orchestrator.Tests.DeadLetters;

/// <summary>
/// The orchestrator as it runs, and a plain producer on its cluster that writes records to source topics (for the saga
/// to consume or dead-letter) and dead letters straight to <c>.dlq</c> topics, with the headers the rider's dead-letter
/// filter writes. Every order placed here waits in Placed (no inventory service answers).
/// </summary>
internal sealed class DeadLetterRig : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private const string Order =
        """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""";

    private readonly IProducer<byte[], byte[]> _producer;
    private long _sourceOffset = 1000;

    private DeadLetterRig(OrchestratorApi api)
    {
        Api = api;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig {
            BootstrapServers = RiderHost.BootstrapServers }).Build();
    }

    public OrchestratorApi Api { get; }

    public HttpClient Client => Api.Client;

    public static async Task<DeadLetterRig> Start() => new(await OrchestratorApi.Start());

    /// <summary>A message as its topic carries it: Avro in the Confluent wire format.</summary>
    public static byte[] Avro(IOrderMessage message) => DeadLetterRecords.Avro(message);

    /// <summary>Places an order and waits until its saga is in Placed; its id.</summary>
    public async Task<Guid> PlaceWaitingOrder()
    {
        var orderId = await Api.Place(Order);
        (await Api.PlacedOrder(orderId)).GetProperty("state").GetString().Should().Be("Placed");
        return orderId;
    }

    /// <summary>
    /// The order's state; <c>unknown</c> while the orchestrator has neither its submission nor its saga.
    /// </summary>
    public async Task<string> State(Guid orderId)
    {
        using var response = await Client.GetAsync($"/orders/{orderId}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? "unknown"
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
    }

    public Task WaitForState(Guid orderId, string state) =>
        Eventually.True(() => State(orderId).GetAwaiter().GetResult() == state, Deadline,
            $"order {orderId} is {state}");

    /// <summary>Writes a record to a topic.</summary>
    public async Task<TopicPartitionOffset> Produce(string topic, string? key, byte[] value,
        IEnumerable<(string Name, string Value)> headers)
    {
        var record = new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key),
            Value = value, Headers = [] };
        foreach (var (name, text) in headers)
        {
            record.Headers.Add(name, Encoding.UTF8.GetBytes(text));
        }

        return (await _producer.ProduceAsync(topic, record)).TopicPartitionOffset;
    }

    /// <summary>
    /// Writes a dead letter of <paramref name="source"/> as the rider's filter would have, given up on by <paramref
    /// name="service"/>.
    /// </summary>
    public async Task<TopicPartitionOffset> DeadLetter(TopicDefinition source, string? key, byte[] value,
        Guid? messageId = null, string reason = "faulted", string service = "orchestrator",
        string exceptionType = "System.InvalidOperationException", DateTimeOffset? at = null)
    {
        var record = DeadLetterRecords.DeadLetter(source, key, value, messageId,
            Interlocked.Increment(ref _sourceOffset), reason, service, exceptionType, at);
        return (await _producer.ProduceAsync(source.DeadLetterTopic, record)).TopicPartitionOffset;
    }

    /// <summary>
    /// The listed dead letters matching <paramref name="query"/> (a query string without <c>?</c>), once there are
    /// <paramref name="count"/>.
    /// </summary>
    public async Task<List<JsonElement>> Listed(string query, int count)
    {
        await Eventually.True(() => List(query).GetAwaiter().GetResult().Count >= count, Deadline,
            $"{count} dead letters are listed for {query}");
        var listed = await List(query);
        listed.Should().HaveCount(count, $"no more than {count} dead letters match {query}");
        return listed;
    }

    public async Task<List<JsonElement>> List(string query) =>
        [.. (await Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters?limit=500&{query}"))
            .GetProperty("items").EnumerateArray()];

    /// <summary>The one dead letter listed for the order, once it is listed; its id.</summary>
    public async Task<long> IndexedFor(Guid orderId) =>
        (await Listed($"orderId={orderId}", 1))[0].GetProperty("id").GetInt64();

    public async Task<HttpResponseMessage> Post(string path, object body, HttpClient? client = null) =>
        await (client ?? Client).PostAsJsonAsync(path, body);

    /// <summary>
    /// Asserts a 409 problem whose detail mentions every one of <paramref name="mentions"/>; its detail.
    /// </summary>
    public static async Task<string> Refused(HttpResponseMessage response, params string[] mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Conflict, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        foreach (var mention in mentions)
        {
            detail.Should().Contain(mention);
        }

        return detail;
    }

    /// <summary>
    /// The first <paramref name="count"/> records of <paramref name="topic"/> keyed by the order, oldest first.
    /// </summary>
    public static async Task<List<ConsumeResult<byte[], byte[]>>> ReadKeyed(string topic, Guid order, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(RiderHost.ReaderConfig("reader-"
            + Guid.NewGuid().ToString("N"))).Build();
        consumer.Subscribe(topic);
        var found = new List<ConsumeResult<byte[], byte[]>>();
        using var timeout = new CancellationTokenSource(Deadline);
        await Task.Run(() =>
        {
            while (found.Count < count && !timeout.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record
                    && Encoding.UTF8.GetString(record.Message.Key ?? []) == order.ToString())
                {
                    found.Add(record);
                }
            }
        });
        consumer.Close();
        found.Should().HaveCount(count, $"{count} records of order {order} are on {topic}");
        return found;
    }

    public static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        ServiceOnKafka.Header(record, name);

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await Api.DisposeAsync();
    }
}
