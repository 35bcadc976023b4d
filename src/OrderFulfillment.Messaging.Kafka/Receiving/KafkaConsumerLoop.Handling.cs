using System.Diagnostics;
using System.Text;
using MassTransit.Context;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

internal sealed partial class KafkaConsumerLoop
{
    private static readonly TimeSpan FirstRedeliveryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs one record through the pipeline until it is handled (consumed, or dead-lettered by the error pipe). A
    /// record whose pipeline throws (the dead-letter topic was unreachable, say) is tried again after a growing
    /// delay: it is never skipped, and its partition's commits wait for it.
    /// </summary>
    private async Task Handle(KafkaRecord record, PartitionOffsets offsets)
    {
        var handled = false;
        try
        {
            if (!offsets.TryStart())
            {
                return;
            }

            try
            {
                var delay = FirstRedeliveryDelay;
                while (!(handled = await DispatchOnce(record)) && !_stopping.IsCancellationRequested && !offsets.IsRevoked)
                {
                    await Task.Delay(delay, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.RedeliveryDelayLimit.Ticks));
                }
            }
            finally
            {
                offsets.Finish(record.Offset, handled);
            }
        }
        finally
        {
            if (handled)
            {
                Interlocked.Increment(ref _handledSinceCheckpoint);
            }

            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    private async Task<bool> DispatchOnce(KafkaRecord record)
    {
        using var activity = StartConsumeActivity(record);
        var context = new KafkaReceiveContext(record, _context, _settings.DefaultMessageType);
        try
        {
            Interlocked.Increment(ref _deliveryCount);
            await _dispatcher.Dispatch(context, NoLockReceiveContext.Instance);
            KafkaTelemetry.Consumed.Add(1, new KeyValuePair<string, object?>("topic", record.Topic), new KeyValuePair<string, object?>("group", record.GroupId));
            return true;
        }
        catch (Exception ex)
        {
            context.LogTransportFaulted(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return false;
        }
        finally
        {
            context.Dispose();
        }
    }

    private static Activity? StartConsumeActivity(KafkaRecord record)
    {
        var parent = default(ActivityContext);
        var headers = record.Message.Headers;
        if (headers is not null && headers.TryGetLastBytes(KafkaHeaders.TraceParent, out var traceParent))
        {
            var traceState = headers.TryGetLastBytes(KafkaHeaders.TraceState, out var state) ? Encoding.UTF8.GetString(state) : null;
            _ = ActivityContext.TryParse(Encoding.UTF8.GetString(traceParent), traceState, isRemote: true, out parent);
        }

        var activity = KafkaTelemetry.Source.StartActivity($"{record.Topic} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", record.Topic);
        activity?.SetTag("messaging.consumer.group.name", record.GroupId);
        activity?.SetTag("messaging.destination.partition.id", record.Partition);
        activity?.SetTag("messaging.kafka.offset", record.Offset);
        return activity;
    }
}
