using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderFulfillment.ServiceDefaults.Postgres;

/// <summary>
/// What a service says at start about its database: the secret-free summary, never a connection string.
/// </summary>
internal static partial class DatabaseConnectionLog
{
    public static void Write(IServiceProvider services, ServiceDatabaseSettings settings)
    {
        var logger =
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceDatabaseSettings).FullName!);
        Connecting(logger, settings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Connection}")]
    private static partial void Connecting(ILogger logger, ServiceDatabaseSettings connection);
}
