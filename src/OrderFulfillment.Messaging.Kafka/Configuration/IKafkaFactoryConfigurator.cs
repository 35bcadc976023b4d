using Confluent.Kafka;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>Configures the Kafka rider inside <c>rider.UsingKafka((context, k) => ...)</c>.</summary>
public interface IKafkaFactoryConfigurator
{
    /// <summary>The cluster to connect to, with optional security settings.</summary>
    void Host(string bootstrapServers, Action<IKafkaHostConfigurator>? configure = null);

    /// <summary>
    /// Adjusts the shared producer (the rider keeps acks=all and idempotence unless this changes them).
    /// </summary>
    void ConfigureProducer(Action<ProducerConfig> configure);

    /// <summary>Consumer settings applied to every topic endpoint before its own.</summary>
    void ConfigureConsumers(Action<ConsumerConfig> configure);

    /// <summary>
    /// Forgets the raw JSON defaults: afterwards only what <see cref="AddSerializer"/> and <see
    /// cref="AddDeserializer"/> add is written and read, and a record of any other content type is undeserializable.
    /// </summary>
    void ClearSerialization();

    /// <summary>
    /// Serializes produced values with <paramref name="factory"/>'s serializer, on every topic endpoint and for
    /// producers outside them (the last call wins); without a call, values are raw JSON. The serializer's content type
    /// is also added as a deserializer.
    /// </summary>
    void AddSerializer(ISerializerFactory factory);

    /// <summary>
    /// Reads records whose <c>Content-Type</c> header is <paramref name="factory"/>'s content type with its
    /// deserializer, on every topic endpoint; with <paramref name="isDefault"/>, also records without that header. Raw
    /// JSON and MassTransit's JSON envelope stay readable.
    /// </summary>
    void AddDeserializer(ISerializerFactory factory, bool isDefault = false);

    /// <summary>
    /// Adds a topic endpoint: a member of <paramref name="groupId"/> consuming <paramref name="topic"/>, whose records
    /// are <typeparamref name="T"/> unless their <c>MT-MessageType</c> header says otherwise.
    /// </summary>
    void TopicEndpoint<T>(string topic, string groupId, Action<IKafkaTopicReceiveEndpointConfigurator> configure)
        where T : class;
}

/// <summary>Security settings for the cluster connection, passed through to Confluent's client configuration.</summary>
public interface IKafkaHostConfigurator
{
    /// <summary>The underlying client configuration, for anything not covered here.</summary>
    ClientConfig Client { get; }

    /// <summary>SASL authentication, e.g. SCRAM-SHA-512 over SASL_SSL.</summary>
    void UseSasl(SaslMechanism mechanism, string username, string password,
        SecurityProtocol protocol = SecurityProtocol.SaslSsl);

    /// <summary>TLS settings (CA, client certificate and key locations, endpoint identification).</summary>
    void UseSsl(Action<ClientConfig> configure);
}
