using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Testing;

/// <summary>
/// What hosting a service of the platform in a test process takes: its settings, and waiting until it is ready.
/// </summary>
public static class PlatformHosting
{
    /// <summary>
    /// A service's settings for a test run: its database (as the application role, migrating as the migrator), the
    /// Kafka cluster with consumer timings that suit tests, the shared registry and token issuer; <paramref
    /// name="extra"/> wins.
    /// </summary>
    public static Dictionary<string, string> Settings(ServiceDatabase database, string bootstrapServers,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Database"] = database.ApplicationConnectionString,
            ["ConnectionStrings:DatabaseMigrations"] = database.MigrationsConnectionString,
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Consumer:SessionTimeoutMs"] = "6000",
            ["Kafka:Consumer:HeartbeatIntervalMs"] = "500",
            ["Kafka:Consumer:FetchWaitMaxMs"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in TestSchemaRegistry.ServiceSettings().Concat(TestTokens.ServiceSettings)
            .Concat(extra ?? new Dictionary<string, string>()))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// A loopback port free now, for a service that must listen on a real socket (a browser needs a URL).
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Ready means the database answers and every topic endpoint has joined its group and is consuming.
    /// </summary>
    public static async Task WaitUntilReady(HttpClient client, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            using var response =
                await client.GetAsync(new Uri("/health/ready", UriKind.Relative), CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail(
                    $"{client.BaseAddress} not ready within {deadline}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
