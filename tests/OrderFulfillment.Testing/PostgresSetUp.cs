using NUnit.Framework;
using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Testing;

/// <summary>
/// One private PostgreSQL per test assembly, fsync off for speed; each test creates its own database on it. A test
/// assembly derives its <c>[SetUpFixture]</c> from this (NUnit runs set-up fixtures of the assembly being tested only).
/// </summary>
public abstract class PostgresSetUp
{
    private static EmbeddedPostgresServer? _postgres;

    public static EmbeddedPostgresServer Postgres => _postgres
        ?? throw new InvalidOperationException("PostgreSQL has not started.");

    [OneTimeSetUp]
    public async Task Start() => _postgres =
        await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
