using MassTransit;
using MassTransit.Configuration;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.ServiceDefaults.Validation;

/// <summary>
/// Checks the message type and the fields of every <typeparamref name="TMessage"/> before the inbox and the consumer
/// see it. The schema version needs no check: the value's schema id names the writer's schema, which Avro resolves to
/// the consumer's, so a consumer reads every version its subject's compatibility mode admits. An invalid message throws
/// <see cref="InvalidMessageException"/>, which no retry policy retries, so it goes to the endpoint's dead-letter pipe
/// at once and nothing is stored.
/// </summary>
internal sealed class MessageValidationFilter<TMessage> : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var headers = context.ReceiveContext.TransportHeaders;
        MessageTypes.Validate<TMessage>(headers.Get<string>(KafkaHeaders.MessageType));
        MessageValidator.Validate(context.Message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("message-validation");
}

/// <summary>
/// Adds <see cref="MessageValidationFilter{TMessage}"/> to an endpoint's pipe for <typeparamref name="TMessage"/>.
/// </summary>
internal sealed class MessageValidationSpecification<TMessage> : IPipeSpecification<ConsumeContext<TMessage>>
    where TMessage : class
{
    public void Apply(IPipeBuilder<ConsumeContext<TMessage>> builder) =>
        builder.AddFilter(new MessageValidationFilter<TMessage>());

    public IEnumerable<ValidationResult> Validate() => [];
}
