using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Records every failed attempt's exception on the pending record, for the consumer status. Placed inside the retry
/// policies, it sees each attempt (MassTransit's retry contexts keep only the first exception). It never handles the
/// exception: the exception filter records and declines, so the stack is not unwound here. A record that completes
/// synchronously costs no state machine.
/// </summary>
internal sealed class FailedAttemptFilter : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        Task sending;
        try
        {
            sending = next.Send(context);
        }
        catch (Exception ex) when (Record(context, ex))
        {
            throw;
        }

        return sending.IsCompletedSuccessfully ? sending : Awaited(sending, context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kafka-failed-attempts");

    private static async Task Awaited(Task sending, ConsumeContext context)
    {
        try
        {
            await sending;
        }
        catch (Exception ex) when (Record(context, ex))
        {
            throw;
        }
    }

    private static bool Record(ConsumeContext context, Exception exception)
    {
        if (context.ReceiveContext.TryGetPayload(out PartitionOffsets? offsets)
            && context.ReceiveContext.TryGetPayload(out KafkaRecord? record))
        {
            offsets.Failed(record.Offset, exception);
        }

        return false;
    }
}
