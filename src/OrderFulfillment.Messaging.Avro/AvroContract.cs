using Avro;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// One C# message type as Avro: the registry subject its values are registered under, every released version of its
/// schema (oldest first), and the compatibility mode the subject evolves under. The latest version is the one this
/// build writes with, and the reader schema it resolves every writer's schema to.
/// </summary>
public sealed class AvroContract
{
    private readonly Lazy<ContractRecordMapper> _mapper;

    internal AvroContract(Type messageType, string subject, IReadOnlyList<string> versions,
        CompatibilityMode compatibility)
    {
        if (versions.Count == 0)
        {
            throw new ArgumentException($"{messageType.Name} needs at least one schema version.", nameof(versions));
        }

        MessageType = messageType;
        Subject = subject;
        Versions = versions;
        Compatibility = compatibility;
        Schema = global::Avro.Schema.Parse(versions[^1]) as RecordSchema
            ?? throw new ArgumentException($"The latest schema of {messageType.Name} is not a record.",
                nameof(versions));
        _mapper = new Lazy<ContractRecordMapper>(() => ContractRecordMapper.Create(messageType, Schema));
    }

    /// <summary>The C# message type.</summary>
    public Type MessageType { get; }

    /// <summary>The registry subject, <c>{topic}-value</c> on this platform.</summary>
    public string Subject { get; }

    /// <summary>Every released version's schema text, oldest first.</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>The subject's compatibility mode.</summary>
    public CompatibilityMode Compatibility { get; }

    /// <summary>The latest schema: what this build writes, and reads every version into.</summary>
    public RecordSchema Schema { get; }

    /// <summary>The latest schema's text, as registered.</summary>
    public string SchemaText => Versions[^1];

    internal ContractRecordMapper Mapper => _mapper.Value;

    /// <summary>
    /// Builds the mapping now; throws <see cref="InvalidOperationException"/> naming every disagreement.
    /// </summary>
    internal void VerifyMapping() => _ = _mapper.Value;

    /// <inheritdoc />
    public override string ToString() => $"{MessageType.Name} v{Versions.Count} ({Subject})";
}
