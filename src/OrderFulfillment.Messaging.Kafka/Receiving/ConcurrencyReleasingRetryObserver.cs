using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Gives a record's <see cref="ConcurrencyPermit"/> back when MassTransit's retry filter decided to try again (just
/// before its delay) and takes it again when the delay is over (just before the attempt). It also counts each retry on
/// the pending record for the consumer status (the failures' exceptions are recorded by <see
/// cref="FailedAttemptFilter"/>: a retry context carries only the first one).
/// </summary>
internal sealed class ConcurrencyReleasingRetryObserver : IRetryObserver
{
    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        Permit(context)?.Release();
        return Task.CompletedTask;
    }

    public Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        if (Pending(context) is { } pending)
        {
            pending.Offsets.Retrying(pending.Offset);
        }

        return Permit(context)?.Acquire() ?? Task.CompletedTask;
    }

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    private static ConcurrencyPermit? Permit<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        Receive(context) is { } receive && receive.TryGetPayload(out ConcurrencyPermit? permit) ? permit : null;

    private static (PartitionOffsets Offsets, long Offset)? Pending<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        Receive(context) is { } receive && receive.TryGetPayload(out PartitionOffsets? offsets)
        && receive.TryGetPayload(out KafkaRecord? record)
            ? (offsets, record.Offset)
            : null;

    private static ReceiveContext? Receive<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        context.Context switch
        {
            ConsumeContext consume => consume.ReceiveContext,
            ReceiveContext receive => receive,
            _ => null,
        };
}
