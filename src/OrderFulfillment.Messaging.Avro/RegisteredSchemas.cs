using System.Collections.Concurrent;
using System.Net;
using System.Runtime.Serialization;
using Confluent.SchemaRegistry;
using OrderFulfillment.Messaging.Kafka;
using AvroSchema = Avro.Schema;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Schema ids and schemas from the registry, cached for the life of the process (a registered schema never changes):
/// the id each contract is written with, and the writer schema of each id read. The registration at start fills the
/// first; an id first seen on a record is fetched once, synchronously, because MassTransit's deserializer is.
/// With <paramref name="autoRegister"/>, a contract not yet resolved is registered on first use, as Confluent's
/// serializer does with <c>auto.register.schemas</c>.
/// </summary>
/// <param name="client">The registry client.</param>
/// <param name="autoRegister">Register every version of a contract before looking its id up.</param>
public sealed class RegisteredSchemas(ISchemaRegistryClient client, bool autoRegister)
{
    private readonly ConcurrentDictionary<Type, int> _ids = new();
    private readonly ConcurrentDictionary<int, AvroSchema> _writers = new();

    /// <summary>The registry client.</summary>
    public ISchemaRegistryClient Client => client;

    /// <summary>The id <paramref name="contract"/>'s latest schema is registered with.</summary>
    /// <exception cref="InvalidOperationException">The schema is not registered under its subject.</exception>
    public int IdOf(AvroContract contract) =>
        _ids.TryGetValue(contract.MessageType, out var id) ? id
        : Remember(contract, Lookup(contract).GetAwaiter().GetResult());

    /// <summary>The writer schema of <paramref name="id"/>.</summary>
    /// <exception cref="SerializationException">The registry has no schema of that id, or it is not Avro.</exception>
    /// <exception cref="DeserializerUnavailableException">The registry could not be asked.</exception>
    public AvroSchema WriterSchema(int id) => _writers.TryGetValue(id, out var schema) ? schema : Fetch(id);

    /// <summary>Looks up the id of <paramref name="contract"/>'s latest schema and remembers it.</summary>
    internal async Task<int> Resolve(AvroContract contract) => Remember(contract, await Lookup(contract));

    private int Remember(AvroContract contract, int id)
    {
        _ids[contract.MessageType] = id;
        _writers.TryAdd(id, contract.Schema);
        return id;
    }

    /// <summary>
    /// Gives the subject its contract's compatibility mode unless it has one, and registers every version in order
    /// (a version already registered is left as it is).
    /// </summary>
    internal async Task Register(AvroContract contract)
    {
        try
        {
            await client.GetCompatibilityAsync(contract.Subject);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            await client.UpdateCompatibilityAsync(Enum.Parse<Compatibility>(contract.Compatibility.ToString()),
                contract.Subject);
        }

        foreach (var version in contract.Versions)
        {
            await client.RegisterSchemaAsync(contract.Subject, new RegistrySchema(version, SchemaType.Avro));
        }
    }

    private async Task<int> Lookup(AvroContract contract)
    {
        if (autoRegister)
        {
            await Register(contract);
        }

        try
        {
            return await client.GetSchemaIdAsync(contract.Subject,
                new RegistrySchema(contract.SchemaText, SchemaType.Avro));
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"{contract} is not registered in the schema registry ({ex.Message}). Register this build's schemas " +
                $"first, " +
                "or let the service register them (SchemaRegistry:AutoRegisterSchemas=true).", ex);
        }
    }

    private AvroSchema Fetch(int id)
    {
        RegistrySchema registered;
        try
        {
            registered = client.GetSchemaAsync(id).GetAwaiter().GetResult();
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw new SerializationException($"The schema registry has no schema with id {id}.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or SchemaRegistryException
            or TaskCanceledException or TimeoutException)
        {
            throw new DeserializerUnavailableException(
                $"The schema registry could not be asked for schema id {id}: {ex.Message}", ex);
        }

        if (registered.SchemaType != SchemaType.Avro)
        {
            throw new SerializationException($"Schema id {id} is a {registered.SchemaType} schema, not Avro.");
        }

        return _writers.GetOrAdd(id, _ => AvroSchema.Parse(registered.SchemaString));
    }
}
