using NUnit.Framework;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

/// <summary>One non-durable server for all tests of a fixture, since each start costs a second or two.</summary>
public abstract class SharedServer
{
    protected EmbeddedPostgresServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Server =
            await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false }, timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        // Null when the start itself failed, which NUnit has already reported.
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
