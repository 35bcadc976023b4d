using System.Diagnostics;
using System.Text;
using MassTransit;
using MassTransit.Context;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

internal sealed partial class KafkaConsumerLoop
{
    private static readonly TimeSpan FirstRedeliveryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs one record through the pipeline until it is handled (consumed, or dead-lettered by the error pipe). A
    /// record whose pipeline throws (the dead-letter topic was unreachable, say) is tried again after a growing
    /// delay, during which it gives its concurrency permit back: it is never skipped, and its partition's commits
    /// wait for it. It gives up, unfinished and so uncommitted, when its partition is revoked or lost or the
    /// endpoint stops; the handlers' token is cancelled then too.
    /// </summary>
    private async Task Handle(KafkaRecord record, PartitionOffsets offsets, ConcurrencyPermit permit)
    {
        var handled = false;
        try
        {
            if (!offsets.TryStart(record.Offset))
            {
                return;
            }

            try
            {
                using var retrying = CancellationTokenSource.CreateLinkedTokenSource(offsets.Revoking, _stopping.Token);
                var delay = FirstRedeliveryDelay;
                // A record fetched before its partition's revocation still gets its first attempt (the partition is
                // drained); only trying again stops at revocation.
                while (!_stopping.IsCancellationRequested)
                {
                    handled = await DispatchOnce(record, offsets, permit);
                    if (handled || retrying.IsCancellationRequested)
                    {
                        break;
                    }

                    var wait = delay;
                    await permit.WithoutPermit(() =>
                        Task.Delay(wait, retrying.Token).ContinueWith(_ => { }, TaskScheduler.Default));
                    if (retrying.IsCancellationRequested)
                    {
                        break;
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.RedeliveryDelayLimit.Ticks));
                    offsets.Retrying(record.Offset);
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
                _commits.Handled();
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<bool> DispatchOnce(KafkaRecord record, PartitionOffsets offsets, ConcurrencyPermit permit)
    {
        using var activity = StartConsumeActivity(record);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(offsets.Cancelled, _stopping.Token);
        var context = new KafkaReceiveContext(record, offsets, _context, _settings.DefaultMessageType, permit,
            cancellation.Token);
        try
        {
            Interlocked.Increment(ref _deliveryCount);
            await _dispatcher.Dispatch(context, NoLockReceiveContext.Instance);
            KafkaTelemetry.Consumed.Add(1, new KeyValuePair<string, object?>("topic", record.Topic),
                new KeyValuePair<string, object?>("group", record.GroupId));
            return true;
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested)
        {
            LogContext.Debug?.Log(
                "Handling of {Record} was cancelled ({Reason}); it stays uncommitted for the next owner", record,
                ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            return false;
        }
        catch (Exception ex)
        {
            offsets.Failed(record.Offset, ex);
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
            var traceState = headers.TryGetLastBytes(KafkaHeaders.TraceState, out var state)
                ? Encoding.UTF8.GetString(state) : null;
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
