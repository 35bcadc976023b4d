using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderFulfillment.ServiceDefaults.Kafka;

/// <summary>
/// What a service says at start about its Kafka connection: the secret-free summary and any weakening setting.
/// </summary>
internal static partial class KafkaConnectionLog
{
    public static void Write(IServiceProvider services, KafkaConnectionSettings connection)
    {
        var logger =
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KafkaConnectionSettings).FullName!);
        Connecting(logger, connection);
        foreach (var warning in connection.Warnings)
        {
            Weakened(logger, warning);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: {Connection}")]
    private static partial void Connecting(ILogger logger, KafkaConnectionSettings connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka security: {Warning}")]
    private static partial void Weakened(ILogger logger, string warning);
}
