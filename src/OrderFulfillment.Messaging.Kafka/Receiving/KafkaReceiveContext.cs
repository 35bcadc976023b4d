using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// One consumed record on its way through MassTransit's receive pipeline. Its cancellation token (which consume
/// contexts hand to handlers) is cancelled when the record's partition is revoked or lost, or the endpoint stops. Its
/// partition's <see cref="PartitionOffsets"/> rides along as a payload, so retry observers can record failed attempts.
/// </summary>
internal sealed class KafkaReceiveContext : BaseReceiveContext
{
    public KafkaReceiveContext(KafkaRecord record, PartitionOffsets offsets, ReceiveEndpointContext endpointContext,
        string defaultMessageType, ConcurrencyPermit permit, CancellationToken cancellationToken)
        : base(false, endpointContext, record, new DeadLetterMark(), permit, offsets)
    {
        HeaderProvider = new KafkaHeaderProvider(record, defaultMessageType,
            endpointContext.Serialization.DefaultContentType.MediaType);
        Body = new BytesMessageBody(record.Message.Value ?? []);
        CancellationToken = cancellationToken;
    }

    public override MessageBody Body { get; }

    public override CancellationToken CancellationToken { get; }

    protected override IHeaderProvider HeaderProvider { get; }
}
