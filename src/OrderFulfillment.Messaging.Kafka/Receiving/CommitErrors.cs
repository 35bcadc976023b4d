using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

internal static class CommitErrors
{
    /// <summary>
    /// Errors after which a commit is simply tried again at the next checkpoint: the group is rebalancing, the
    /// coordinator moved or is unreachable, or the request timed out. Offsets only move forward, so a late retry is
    /// safe.
    /// </summary>
    public static bool IsRetriable(Error error) => !error.IsFatal && error.Code is
        ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or
        ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or
        ErrorCode.RequestTimedOut or ErrorCode.NetworkException or ErrorCode.Local_Transport or
        ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown or ErrorCode.Local_WaitCoord or
        ErrorCode.Local_State or ErrorCode.Local_NoOffset;
}
