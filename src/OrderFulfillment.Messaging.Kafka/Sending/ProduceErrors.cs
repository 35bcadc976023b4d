using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>Produce errors that no retry can heal for the same record and topic.</summary>
internal static class ProduceErrors
{
    /// <summary>
    /// The record is too large or malformed for the cluster (librdkafka checks <c>message.max.bytes</c> itself and
    /// fails with <c>MsgSizeTooLarge</c> before sending), or the topic is missing, invalid or not authorised. Fatal
    /// producer errors are not in the list: the producer is rebuilt and the record tried again.
    /// </summary>
    public static bool IsPermanent(Error error) => !error.IsFatal && error.Code is
        ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsgSize or ErrorCode.RecordListTooLarge or
        ErrorCode.InvalidRecord or ErrorCode.InvalidMsg or
        ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition or
        ErrorCode.TopicException or ErrorCode.TopicAuthorizationFailed or
        ErrorCode.ClusterAuthorizationFailed or ErrorCode.PolicyViolation;
}
