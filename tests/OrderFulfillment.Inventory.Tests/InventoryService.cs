using System.Text;
using Confluent.Kafka;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>
/// The inventory service as it runs (its Program, endpoints and retry policies), hosted in the test process on a Kafka
/// cluster and a database of the test's own, with a producer for the commands it consumes.
/// </summary>
internal sealed class InventoryService : IAsyncDisposable
{
    private readonly EmbeddedKafkaCluster _kafka;
    private readonly Factory _factory;

    private InventoryService(EmbeddedKafkaCluster kafka, string database, Factory factory, RiderHost commands)
    {
        _kafka = kafka;
        Database = database;
        _factory = factory;
        Commands = commands;
    }

    public string Database { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>A separate host that produces the commands, as the orchestrator would.</summary>
    public RiderHost Commands { get; }

    public static async Task<InventoryService> Start(Action<IServiceCollection>? services = null)
    {
        var kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = kafka.BootstrapServers;
        foreach (var topic in Topics.All)
        {
            await kafka.CreateTopicAsync(topic.Name, topic.Partitions);
            await kafka.CreateTopicAsync(topic.DeadLetterTopic, 1);
        }

        var database = await PostgresFixture.Postgres.CreateDatabaseAsync("inventory_" + Guid.NewGuid().ToString("N"));
        var factory = new Factory(new Dictionary<string, string>
        {
            ["ConnectionStrings:Database"] = database,
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Consumer:SessionTimeoutMs"] = "6000",
            ["Kafka:Consumer:HeartbeatIntervalMs"] = "500",
            ["Kafka:Consumer:FetchWaitMaxMs"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        }, services ?? (_ => { }));
        using var client = factory.CreateClient();
        await Eventually.True(() => client.GetAsync("/health/ready").Result.IsSuccessStatusCode, TimeSpan.FromMinutes(2),
            "the inventory service is ready (database up, every endpoint consuming)");
        var commands = await RiderHost.Start(
            rider =>
            {
                rider.AddProducer<Contracts.Inventory.ReserveInventory>(Topics.ReserveInventory.Name, m => m.OrderId.ToString());
                rider.AddProducer<Contracts.Inventory.ReleaseInventory>(Topics.ReleaseInventory.Name, m => m.OrderId.ToString());
            },
            (_, _) => { });
        return new InventoryService(kafka, database, factory, commands);
    }

    public InventoryDbContext Open() => new(new DbContextOptionsBuilder<InventoryDbContext>().UseNpgsql(Database).Options);

    public int Count(string sql)
    {
        using var db = Open();
        return db.Database.SqlQueryRaw<int>(sql).AsEnumerable().Single();
    }

    /// <summary>The dead letters of <paramref name="topic"/> whose key is <paramref name="key"/>, read for up to <paramref name="deadline"/>.</summary>
    public static async Task<List<ConsumeResult<byte[], byte[]>>> DeadLetters(TopicDefinition topic, Guid key, TimeSpan deadline, bool anyKey = false) =>
        (await TopicReader.ReadAsync(topic.DeadLetterTopic, int.MaxValue, deadline))
            .Where(r => anyKey || (r.Message.Key is { } k && Encoding.UTF8.GetString(k) == key.ToString())).ToList();

    public static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await Commands.DisposeAsync();
        await _factory.DisposeAsync();
        _kafka.Dispose();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> services)
        : WebApplicationFactory<InventoryDbContext>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services);
        }
    }
}
