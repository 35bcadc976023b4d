using System.Collections.Concurrent;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// The message types a service writes and reads as Avro. Each type has one schema full name; a record is read into
/// the type registered for its writer schema's full name, so two types of one name cannot be registered together.
/// </summary>
public sealed class AvroContracts
{
    private readonly ConcurrentDictionary<Type, AvroContract> _byType = new();
    private readonly ConcurrentDictionary<string, AvroContract> _byName = new(StringComparer.Ordinal);

    /// <summary>Every registered contract.</summary>
    public IReadOnlyCollection<AvroContract> All => _byType.Values.ToList();

    /// <summary>
    /// Registers <paramref name="messageType"/>, whose values are registered under <paramref name="subject"/>, with
    /// every released schema version (oldest first; the last is the one written and read into).
    /// </summary>
    /// <exception cref="ArgumentException">The type, or its schema's full name, is already registered.</exception>
    public AvroContracts Add(Type messageType, string subject, IReadOnlyList<string> versions,
        CompatibilityMode compatibility = CompatibilityMode.BackwardTransitive)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        var contract = new AvroContract(messageType, subject, versions, compatibility);
        if (!_byName.TryAdd(contract.Schema.Fullname, contract))
        {
            throw new ArgumentException(
                $"{messageType.Name}: another type is already read from records named {contract.Schema.Fullname}.",
                nameof(messageType));
        }

        if (!_byType.TryAdd(messageType, contract))
        {
            _byName.TryRemove(contract.Schema.Fullname, out _);
            throw new ArgumentException($"{messageType.Name} is already registered.", nameof(messageType));
        }

        return this;
    }

    /// <summary>The contract of <paramref name="messageType"/>.</summary>
    /// <exception cref="InvalidOperationException">The type has no Avro contract.</exception>
    public AvroContract For(Type messageType) =>
        _byType.TryGetValue(messageType, out var contract)
            ? contract
            : throw new InvalidOperationException(
                $"{messageType.Name} has no Avro schema: add it to the service's AvroContracts.");

    /// <summary>
    /// The contract read from records whose writer schema is named <paramref name="fullName"/>; null if none.
    /// </summary>
    public AvroContract? ForRecordName(string fullName) => _byName.GetValueOrDefault(fullName);
}
