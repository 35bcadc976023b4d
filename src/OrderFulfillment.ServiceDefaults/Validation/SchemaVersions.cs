using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.ServiceDefaults.Validation;

/// <summary>
/// The schema version check: the <c>Schema-Version</c> header the producer wrote must name the version of the
/// contract the consumer was built with. A record without it, or with another version, is invalid: the consumer
/// cannot know what its fields mean.
/// </summary>
public static class SchemaVersions
{
    // The same convention as the producer side (KafkaProducerRegistry): a public int SchemaVersion or Version.
    private static readonly string[] VersionPropertyNames = ["SchemaVersion", "Version"];
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> VersionProperties = new();

    /// <summary>The version <paramref name="message"/>'s contract declares; 1 when it declares none, as the producer assumes.</summary>
    public static int Of(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var property = VersionProperties.GetOrAdd(message.GetType(), type => VersionPropertyNames
            .Select(name => type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => p is not null && p.PropertyType == typeof(int)));
        return property?.GetValue(message) is int version ? version : 1;
    }

    /// <summary>
    /// Throws <see cref="InvalidMessageException"/> for the <see cref="KafkaHeaders.SchemaVersion"/> header when
    /// <paramref name="header"/> is missing, not a number, or not the version of <paramref name="message"/>'s contract.
    /// </summary>
    public static void Validate(object message, string? header)
    {
        var expected = Of(message);
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidMessageException(KafkaHeaders.SchemaVersion, $"The {KafkaHeaders.SchemaVersion} header is missing; expected {expected}.");
        }

        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != expected)
        {
            throw new InvalidMessageException(KafkaHeaders.SchemaVersion,
                $"Unknown {KafkaHeaders.SchemaVersion} '{header}' for {message.GetType().Name}; this consumer reads version {expected}.");
        }
    }
}
