using System.Collections.Concurrent;
using System.Net;
using Confluent.SchemaRegistry;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.EmbeddedSchemaRegistry;
using OrderFulfillment.Messaging.Avro.Tests.OnKafka;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// A service that starts while the schema registry does not answer waits for it (not ready, logging why) instead of
/// exiting: a registry outage is not a wrong build, and a crash loop would only add load to a registry coming back.
/// </summary>
public sealed class RegistryOutageAtStartTests
{
    private const string Subject = "orders.order.placed-value";

    [Test]
    [CancelAfter(120_000)]
    public async Task A_start_during_a_registry_503_waits_logging_why_and_resolves_every_schema_once_it_answers()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        registry.Unavailable = true;
        var logs = new CapturedLogs();
        await using var provider = Services(registry.Url, logs);

        var start = Registration(provider).StartAsync(CancellationToken.None);
        await Eventually.True(() =>
            logs.Warnings.Count(m => m.Contains("does not answer", StringComparison.Ordinal)) >= 3 || start.IsCompleted,
            TimeSpan.FromSeconds(60), "the start keeps asking the registry, saying why it waits");
        start.IsCompleted.Should()
            .BeFalse("the start waits for the registry rather than failing: {0}", start.Exception);
        registry.RefusedRequests.Should().BeGreaterThanOrEqualTo(3);
        logs.Warnings.Should().Contain(m => m.Contains(registry.Url, StringComparison.Ordinal) && (m.Contains("503",
            StringComparison.Ordinal) || m.Contains("Unavailable", StringComparison.Ordinal)));

        registry.Unavailable = false;
        await start.WaitAsync(TimeSpan.FromSeconds(60));

        var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        (await client.GetSubjectVersionsAsync(Subject))
            .Should().HaveCount(2, "both versions of OrderPlaced were registered once the registry answered");
        var contract = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AvroSerializationOptions>>()
            .Value.Contracts.All.Single();
        provider.GetRequiredService<RegisteredSchemas>().IdOf(contract)
            .Should().Be((await client.GetLatestSchemaAsync(Subject)).Id);
        logs.Warnings.Should().Contain(m => m.Contains("answers again", StringComparison.Ordinal));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_start_waiting_for_the_registry_ends_when_the_host_stops_it()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        registry.Unavailable = true;
        await using var provider = Services(registry.Url, new CapturedLogs());
        using var stopping = new CancellationTokenSource();

        var start = Registration(provider).StartAsync(stopping.Token);
        await Eventually.True(() => registry.RefusedRequests >= 1, TimeSpan.FromSeconds(30),
            "the start asked the registry");
        await stopping.CancelAsync();

        await start.Invoking(s => s.WaitAsync(TimeSpan.FromSeconds(30)))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [TestCase(HttpStatusCode.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.InternalServerError, true)]
    [TestCase(HttpStatusCode.GatewayTimeout, true)]
    [TestCase(HttpStatusCode.TooManyRequests, true)]
    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Conflict, false)]
    [TestCase(HttpStatusCode.UnprocessableEntity, false)]
    [TestCase(HttpStatusCode.Unauthorized, false)]
    public void Only_a_registry_that_cannot_answer_is_an_outage_not_one_that_refuses_the_schemas(HttpStatusCode status,
        bool outage) =>
        SchemaRegistration.IsOutage(new SchemaRegistryException("refused", status, (int)status), CancellationToken.None)
            .Should().Be(outage);

    [Test]
    public void An_unreachable_registry_is_an_outage_and_a_missing_schema_is_not()
    {
        SchemaRegistration.IsOutage(new HttpRequestException("connection refused"), CancellationToken.None)
            .Should().BeTrue();
        SchemaRegistration.IsOutage(new TaskCanceledException("request timed out"), CancellationToken.None)
            .Should().BeTrue();
        SchemaRegistration.IsOutage(new InvalidOperationException("OrderPlaced v2 is not registered"),
            CancellationToken.None).Should().BeFalse();
    }

    [Test]
    public void The_delay_between_attempts_doubles_up_to_its_cap() =>
        Enumerable.Range(1, 8).Select(SchemaRegistration.RetryDelay).Select(d => d.TotalSeconds)
            .Should().Equal(1, 2, 4, 8, 10, 10, 10, 10);

    private static ServiceProvider Services(string registryUrl, CapturedLogs logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Warning));
        services.AddAvroSerialization(o =>
        {
            o.SchemaRegistry.Url = registryUrl;
            // Confluent's own retries kept short (MaxRetries = 0 throws a NullReferenceException inside the 2.16
            // client).
            o.SchemaRegistry.MaxRetries = 1;
            o.SchemaRegistry.RetriesWaitMs = 10;
            o.SchemaRegistry.RetriesMaxWaitMs = 10;
            o.AutoRegisterSchemas = true;
            o.Contracts.Add(typeof(OrderPlaced), Subject, AvroHosts.Versions("OrderPlaced", 2));
        });
        return services.BuildServiceProvider();
    }

    private static SchemaRegistration Registration(IServiceProvider provider) =>
        provider.GetServices<IHostedService>().OfType<SchemaRegistration>().Single();

    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
