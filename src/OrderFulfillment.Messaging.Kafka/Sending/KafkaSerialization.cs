using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// The rider's value serialization, shared by its topic endpoints and by produces outside them (an API handler, say).
/// Raw JSON unless <see cref="Configuration.IKafkaFactoryConfigurator.AddSerializer"/> chose another serializer. Raw
/// JSON and MassTransit's envelope JSON stay readable unless
/// <see cref="Configuration.IKafkaFactoryConfigurator.ClearSerialization"/> removed them.
/// </summary>
public sealed class KafkaSerialization
{
    private readonly List<ISerializerFactory> _deserializers = [];
    private readonly Lazy<ISerialization> _serialization;
    private ISerializerFactory? _serializer;
    private ISerializerFactory? _defaultDeserializer;
    private bool _cleared;

    /// <summary>Creates the default (raw JSON) serialization.</summary>
    public KafkaSerialization() => _serialization = new Lazy<ISerialization>(Create);

    /// <summary>The serialization for produces outside a topic endpoint.</summary>
    public ISerialization Serialization => _serialization.Value;

    internal void Clear()
    {
        EnsureNotBuilt();
        _cleared = true;
        _serializer = null;
        _defaultDeserializer = null;
        _deserializers.Clear();
    }

    internal void AddSerializer(ISerializerFactory factory)
    {
        EnsureNotBuilt();
        _serializer = factory;
        AddDeserializer(factory, isDefault: false);
    }

    internal void AddDeserializer(ISerializerFactory factory, bool isDefault)
    {
        EnsureNotBuilt();
        _deserializers.RemoveAll(d => d.ContentType.MediaType == factory.ContentType.MediaType);
        _deserializers.Add(factory);
        if (isDefault)
        {
            _defaultDeserializer = factory;
        }
    }

    /// <summary>Applies the choices to a topic endpoint, over its raw JSON defaults.</summary>
    internal void ApplyTo(IReceiveEndpointConfigurator endpoint)
    {
        if (_cleared)
        {
            endpoint.ClearSerialization();
        }

        if (_serializer is not null)
        {
            endpoint.AddSerializer(_serializer, isSerializer: true);
        }

        foreach (var deserializer in _deserializers)
        {
            endpoint.AddDeserializer(deserializer, isDefault: ReferenceEquals(deserializer, _defaultDeserializer));
        }
    }

    private void EnsureNotBuilt()
    {
        if (_serialization.IsValueCreated)
        {
            throw new InvalidOperationException(
                "The rider's serialization is chosen while the rider is configured, before anything is produced.");
        }
    }

    private Serialization Create()
    {
        var raw = new SystemTextJsonRawMessageSerializer(RawSerializerOptions.Default);
        var deserializers = _cleared ? []
            : new List<IMessageDeserializer> { raw, SystemTextJsonMessageSerializer.Instance };
        deserializers.AddRange(_deserializers.Select(d => d.CreateDeserializer()));
        IMessageSerializer serializer = _serializer?.CreateSerializer()
            ?? (_cleared ? throw new InvalidOperationException(
                "ClearSerialization was called, but no serializer was added.") : raw);
        ContentType defaultContentType = _defaultDeserializer?.ContentType ?? deserializers[0].ContentType;
        return new Serialization([serializer], serializer.ContentType, deserializers, defaultContentType);
    }
}
