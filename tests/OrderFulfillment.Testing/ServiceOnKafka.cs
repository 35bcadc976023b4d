using System.Text;
using Confluent.Kafka;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.Messaging.Avro;

namespace OrderFulfillment.Testing;

/// <summary>
/// A worker service as it runs (its Program, endpoints and retry policies), hosted in the test process on a Kafka
/// cluster and a database of the test's own, with a separate host producing the commands it consumes, as the
/// orchestrator would. <typeparamref name="TDbContext"/> is the service's database context, which also names its
/// assembly for <see cref="WebApplicationFactory{TEntryPoint}"/>.
/// </summary>
public sealed class ServiceOnKafka<TDbContext> : IAsyncDisposable
    where TDbContext : DbContext
{
    private readonly EmbeddedKafkaCluster _kafka;
    private readonly Factory _factory;

    internal ServiceOnKafka(EmbeddedKafkaCluster kafka, ServiceDatabase roles, Factory factory, RiderHost commands)
    {
        _kafka = kafka;
        Roles = roles;
        _factory = factory;
        Commands = commands;
    }

    /// <summary>The database's owner (its migrator), for the test's own reads and writes; the service itself runs as
    /// the application role of <see cref="Roles"/>, which cannot change the schema.</summary>
    public string Database => Roles.MigrationsConnectionString;

    /// <summary>The service's database and its two roles, with their connection strings.</summary>
    public ServiceDatabase Roles { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The host that produces the commands the service consumes.</summary>
    public RiderHost Commands { get; }

    /// <summary>A client of the service's HTTP API; it carries no token until the test adds one.</summary>
    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>A new context on the service's database, for the test's own reads.</summary>
    public TDbContext Open() =>
        (TDbContext)Activator.CreateInstance(typeof(TDbContext),
            new DbContextOptionsBuilder<TDbContext>().UseNpgsql(Database).Options)!;

    /// <summary>Runs a <c>SELECT count(*) ...</c> on the service's database.</summary>
    public int Count(string sql)
    {
        using var db = Open();
        return db.Database.SqlQueryRaw<int>(sql).AsEnumerable().Single();
    }

    public async ValueTask DisposeAsync()
    {
        await Commands.DisposeAsync();
        await _factory.DisposeAsync();
        _kafka.Dispose();
    }

    internal sealed class Factory(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> services)
        : WebApplicationFactory<TDbContext>
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

/// <summary>Starts a <see cref="ServiceOnKafka{TDbContext}"/> and reads what it dead-lettered.</summary>
public static class ServiceOnKafka
{
    /// <summary>
    /// Starts a cluster with every catalogued topic, a database named after <paramref name="service"/> (a lowercase
    /// identifier) with its migrator and application roles, the service
    /// (until its readiness passes), and a command host with <paramref name="producers"/>.
    /// </summary>
    public static async Task<ServiceOnKafka<TDbContext>> Start<TDbContext>(string service,
        Action<IRiderRegistrationConfigurator> producers, Action<IServiceCollection>? services = null)
        where TDbContext : DbContext
    {
        var kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = kafka.BootstrapServers;
        foreach (var topic in Topics.All)
        {
            await kafka.CreateTopicAsync(topic.Name, topic.Partitions);
            await kafka.CreateTopicAsync(topic.DeadLetterTopic, 1);
        }

        // Least privilege, as deployed: the service migrates as the migrator and runs as the application role.
        var database =
            await PostgresSetUp.Postgres.CreateServiceDatabaseAsync(service + "_" + Guid.NewGuid().ToString("N"));
        var factory = new ServiceOnKafka<TDbContext>.Factory(new Dictionary<string, string>
        {
            ["ConnectionStrings:Database"] = database.ApplicationConnectionString,
            ["ConnectionStrings:DatabaseMigrations"] = database.MigrationsConnectionString,
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Consumer:SessionTimeoutMs"] = "6000",
            ["Kafka:Consumer:HeartbeatIntervalMs"] = "500",
            ["Kafka:Consumer:FetchWaitMaxMs"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        }.Concat(TestSchemaRegistry.ServiceSettings()).Concat(TestTokens.ServiceSettings).ToDictionary(),
        services ?? (_ => { }));
        using var client = factory.CreateClient();
        await Eventually.True(() => client.GetAsync("/health/ready").Result.IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), $"the {service} service is ready (database up, every endpoint consuming)");
        var commands = await RiderHost.Start(producers, (context, k) => k.UseAvroSerializer(context),
            TestSchemaRegistry.AddPlatformAvro);
        return new ServiceOnKafka<TDbContext>(kafka, database, factory, commands);
    }

    /// <summary>
    /// The dead letters of <paramref name="topic"/> whose key is <paramref name="key"/> (or all, with
    /// <paramref name="anyKey"/>), read for up to <paramref name="deadline"/>.
    /// </summary>
    public static async Task<List<ConsumeResult<byte[], byte[]>>> DeadLetters(TopicDefinition topic, Guid key,
        TimeSpan deadline, bool anyKey = false) =>
        (await TopicReader.ReadAsync(topic.DeadLetterTopic, int.MaxValue, deadline))
            .Where(r => anyKey || (r.Message.Key is { } k && Encoding.UTF8.GetString(k) == key.ToString())).ToList();

    /// <summary>A header's value as text, or empty when the record has none.</summary>
    public static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;
}
