using System.Collections.Concurrent;
using System.Reflection;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// What the rider knows about produced message types: their topic and how to read their key. Keys are always the
/// aggregate id of the message (never its type name), so one aggregate's messages stay in one partition, in order.
/// </summary>
public sealed class KafkaProducerRegistry
{
    private static readonly string[] VersionPropertyNames = ["SchemaVersion", "Version"];

    private readonly ConcurrentDictionary<Type, Registration> _registrations = new();
    private readonly ConcurrentDictionary<Type, Func<object, int>?> _schemaVersions = new();

    /// <summary>
    /// Registers <typeparamref name="T"/> as produced to <paramref name="topic"/> with the given key.
    /// </summary>
    public void Add<T>(string topic, Func<T, string> keyResolver)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(keyResolver);
        var registration = new Registration(topic, m => keyResolver((T)m));
        if (!_registrations.TryAdd(typeof(T), registration) && _registrations[typeof(T)].Topic != topic)
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name} is already produced to {_registrations[typeof(T)].Topic}; a message type has one " +
                $"topic.");
        }
    }

    /// <summary>The topic registered for <paramref name="messageType"/>, if any.</summary>
    public bool TryGetTopic(Type messageType, out string topic)
    {
        var found = _registrations.TryGetValue(messageType, out var registration);
        topic = registration?.Topic ?? string.Empty;
        return found;
    }

    /// <summary>The record key of <paramref name="message"/> from its registered resolver, if it has one.</summary>
    public string? TryGetKey(object message) =>
        _registrations.TryGetValue(message.GetType(), out var registration) ? registration.Key(message) : null;

    /// <summary>
    /// The contract's schema version: its public <c>int SchemaVersion</c> or <c>int Version</c> property; 1 when it
    /// has neither.
    /// </summary>
    public int GetSchemaVersion(object message) =>
        _schemaVersions.GetOrAdd(message.GetType(), FindVersionProperty) is { } read ? read(message) : 1;

    private static Func<object, int>? FindVersionProperty(Type type)
    {
        var property = VersionPropertyNames
            .Select(name => type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => p is not null && p.PropertyType == typeof(int));
        return property is null ? null : message => (int)property.GetValue(message)!;
    }

    private sealed record Registration(string Topic, Func<object, string> Key);
}
