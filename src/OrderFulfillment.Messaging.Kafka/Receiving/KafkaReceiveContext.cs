using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>One consumed record on its way through MassTransit's receive pipeline.</summary>
internal sealed class KafkaReceiveContext : BaseReceiveContext
{
    public KafkaReceiveContext(KafkaRecord record, ReceiveEndpointContext endpointContext, string defaultMessageType)
        : base(false, endpointContext, record, new DeadLetterMark())
    {
        HeaderProvider = new KafkaHeaderProvider(record, defaultMessageType);
        Body = new BytesMessageBody(record.Message.Value ?? []);
    }

    public override MessageBody Body { get; }

    protected override IHeaderProvider HeaderProvider { get; }
}
