using System.Text.Json;
using Confluent.Kafka;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Which produce failures of an outbox row cannot heal by retrying it. Everything else (timeouts, no leader, broker
/// down, the producer shutting down or fatally failed) is transient: the row stays and its key waits behind it.
/// </summary>
internal static class ProduceFailures
{
    // The record itself, or its destination, is refused; librdkafka has already done its own retries where they apply.
    private static readonly HashSet<ErrorCode> Permanent =
    [
        ErrorCode.MsgSizeTooLarge,
            // larger than message.max.bytes (the client checks before sending) or the broker's limit
        ErrorCode.RecordListTooLarge,
        ErrorCode.InvalidMsg,
        ErrorCode.InvalidRecord,
        ErrorCode.Local_BadMsg,
        ErrorCode.UnsupportedForMessageFormat,
        ErrorCode.Local_UnknownTopic, // the topic does not exist (and is not auto-created)
        ErrorCode.Local_UnknownPartition,
        ErrorCode.UnknownTopicOrPart,
        ErrorCode.TopicException, // an invalid topic name
        ErrorCode.TopicAuthorizationFailed,
    ];

    public static bool IsPermanent(Exception exception) => exception switch
    {
        // A fatal error is the producer's, not the record's: the row waits for a working producer.
        KafkaException kafka => !kafka.Error.IsFatal && Permanent.Contains(kafka.Error.Code),
        // Headers stored as unreadable JSON stay unreadable.
        JsonException => true,
        _ => false,
    };

    public static string Describe(Exception exception) => exception is KafkaException kafka
        ? $"{kafka.Error.Code}: {kafka.Error.Reason}"
        : $"{exception.GetType().Name}: {exception.Message}";
}
