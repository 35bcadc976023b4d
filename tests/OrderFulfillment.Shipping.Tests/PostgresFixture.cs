using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Shipping.Tests;

/// <summary>One real PostgreSQL for the assembly; each test creates its own database on it.</summary>
[SetUpFixture]
public sealed class PostgresFixture
{
    private static EmbeddedPostgresServer? _postgres;

    public static EmbeddedPostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL has not started.");

    [OneTimeSetUp]
    public async Task Start() => _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
