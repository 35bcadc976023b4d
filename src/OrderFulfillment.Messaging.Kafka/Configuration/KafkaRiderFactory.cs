using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>
/// Creates the rider when the bus is built: runs the user's configuration, then builds the endpoints.
/// </summary>
internal sealed class KafkaRiderFactory(Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure)
    : IRegistrationRiderFactory<IKafkaRider>
{
    public IBusInstanceSpecification CreateRider(IRiderRegistrationContext context)
    {
        var configurator = new KafkaFactoryConfigurator(context.GetRequiredService<KafkaClientSettings>(),
            context.GetRequiredService<KafkaSerialization>());
        configure(context, configurator);
        return new Specification(configurator, context);
    }

    private sealed class Specification(KafkaFactoryConfigurator configurator, IRiderRegistrationContext context)
        : IBusInstanceSpecification
    {
        public void Configure(IBusInstance busInstance)
        {
            var transports = context.GetRequiredService<KafkaTopicTransports>();
            var producer = context.GetRequiredService<KafkaProducerClient>();
            var rider = new KafkaRider(producer);
            foreach (var definition in configurator.Endpoints)
            {
                var endpoint = configurator.Build(definition, busInstance, transports, producer);
                rider.Add($"{definition.Topic}/{definition.GroupId}", endpoint.Endpoint, endpoint.Transport);
            }

            busInstance.Connect<IKafkaRider>(rider);
        }

        public IEnumerable<ValidationResult> Validate()
        {
            if (string.IsNullOrWhiteSpace(configurator.Client.BootstrapServers))
            {
                yield return new KafkaValidationResult(
                    "Kafka bootstrap servers are not set: call k.Host(bootstrapServers).");
            }
        }
    }

    private sealed record KafkaValidationResult(string Message) : ValidationResult
    {
        public ValidationResultDisposition Disposition => ValidationResultDisposition.Failure;

        public string Key => "Kafka";

        public string? Value => null;
    }
}
