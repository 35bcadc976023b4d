using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Gives a record's <see cref="ConcurrencyPermit"/> back when MassTransit's retry filter decided to try again (just
/// before its delay) and takes it again when the delay is over (just before the attempt).
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
        where T : class, PipeContext => Permit(context)?.Acquire() ?? Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    private static ConcurrencyPermit? Permit<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        context.Context switch
        {
            ConsumeContext consume when consume.ReceiveContext.TryGetPayload(out ConcurrencyPermit? permit) => permit,
            ReceiveContext receive when receive.TryGetPayload(out ConcurrencyPermit? permit) => permit,
            _ => null,
        };
}
