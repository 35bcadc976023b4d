using Confluent.Kafka;

namespace OrderFulfillment.EmbeddedKafka.Control;

// Wire shapes of the control channel, shared by server and client so the two cannot drift apart.
internal sealed record ClusterInfo(string BootstrapServers);

internal sealed record CreateTopicRequest(string Name, int Partitions);

internal sealed record RoundTripRequest(int Milliseconds);

internal sealed record RequestErrorsRequest(KafkaApiKey ApiKey, IReadOnlyList<ErrorCode> Errors);

internal sealed record BrokerRequestErrorRequest(KafkaApiKey ApiKey, ErrorCode Error, int RoundTripMilliseconds);

internal sealed record BrokerRequest(int BrokerId);

internal sealed record TopicErrorRequest(ErrorCode Error);

internal sealed record DeleteRecordsRequest(long BeforeOffset);
