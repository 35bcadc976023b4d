using System.Net.Http.Json;
using Confluent.Kafka;

namespace OrderFulfillment.EmbeddedKafka.Control;

/// <summary>
/// Drives an embedded cluster hosted by another process through its <see cref="EmbeddedKafkaControlServer"/>.
/// </summary>
public sealed class EmbeddedKafkaControlClient : IKafkaClusterControl, IDisposable
{
    private readonly HttpClient _http;

    private EmbeddedKafkaControlClient(HttpClient http, string bootstrapServers)
    {
        _http = http;
        BootstrapServers = bootstrapServers;
    }

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <summary>Connects to a control channel and reads the cluster's bootstrap servers.</summary>
    public static async Task<EmbeddedKafkaControlClient> ConnectAsync(Uri address,
        CancellationToken cancellationToken = default)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var info = await http.GetFromJsonAsync<ClusterInfo>("cluster", ControlJson.Options, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"The control channel at {address} answered without cluster information.");
            return new EmbeddedKafkaControlClient(http, info.BootstrapServers);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Post, "topics", new CreateTopicRequest(topic, partitions), cancellationToken);

    /// <inheritdoc />
    public Task SetBrokerDownAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Send<object?>(HttpMethod.Post, $"brokers/{brokerId}/down", null, cancellationToken);

    /// <inheritdoc />
    public Task SetBrokerUpAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Send<object?>(HttpMethod.Post, $"brokers/{brokerId}/up", null, cancellationToken);

    /// <inheritdoc />
    public Task SetRoundTripDelayAsync(int brokerId, TimeSpan roundTrip,
        CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Put, $"brokers/{brokerId}/rtt", new RoundTripRequest((int)roundTrip.TotalMilliseconds),
            cancellationToken);

    /// <inheritdoc />
    public Task PushRequestErrorsAsync(KafkaApiKey apiKey, IReadOnlyList<ErrorCode> errors,
        CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Post, "request-errors", new RequestErrorsRequest(apiKey, errors), cancellationToken);

    /// <inheritdoc />
    public Task PushBrokerRequestErrorAsync(int brokerId, KafkaApiKey apiKey, ErrorCode errorCode, TimeSpan roundTrip,
        CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Post, $"brokers/{brokerId}/request-errors",
            new BrokerRequestErrorRequest(apiKey, errorCode, (int)roundTrip.TotalMilliseconds), cancellationToken);

    /// <inheritdoc />
    public Task SetPartitionLeaderAsync(string topic, int partition, int brokerId,
        CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Put, $"topics/{Uri.EscapeDataString(topic)}/partitions/{partition}/leader",
            new BrokerRequest(brokerId), cancellationToken);

    /// <inheritdoc />
    public Task SetGroupCoordinatorAsync(string groupId, int brokerId, CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Put, $"groups/{Uri.EscapeDataString(groupId)}/coordinator", new BrokerRequest(brokerId),
            cancellationToken);

    /// <inheritdoc />
    public Task SetTopicErrorAsync(string topic, ErrorCode errorCode, CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Put, $"topics/{Uri.EscapeDataString(topic)}/error", new TopicErrorRequest(errorCode),
            cancellationToken);

    /// <inheritdoc />
    public Task DeleteRecordsAsync(string topic, int partition, long beforeOffset,
        CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Post, $"topics/{Uri.EscapeDataString(topic)}/partitions/{partition}/delete-records",
            new DeleteRecordsRequest(beforeOffset), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task Send<T>(HttpMethod method, string path, T body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ControlJson.Options);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{method} {path} failed with {(int)response.StatusCode}: {detail}");
        }
    }
}
