using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.Options;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Orchestrator.Deadlines;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;
using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.ServiceDefaults.Kafka;

namespace OrderFulfillment.Orchestrator.Messaging;

/// <summary>The order saga on Kafka: the topics it reads, the commands and events it writes.</summary>
public static class OrchestratorMessaging
{
    /// <summary>The service's catalogue key: prefix of its consumer groups.</summary>
    public static string Service => ServiceCatalogue.Orchestrator.Key;

    /// <summary>
    /// The topics whose replies decide a waiting state (and so must all be consumed before its deadline may fire), with
    /// the groups that read them. PaymentCharging and ShipmentCancelled change no deadline's outcome and are left out.
    /// </summary>
    public static IReadOnlyList<ReplyEndpoint> DecisiveReplies { get; } =
    [
        .. new[] { Topics.InventoryReserved, Topics.InventoryReservationFailed, Topics.PaymentCharged,
            Topics.PaymentFailed, Topics.ShipmentCreated }
            .Select(t =>
                new ReplyEndpoint(KafkaMessagingExtensions.ConsumerGroup(Service, t.Name), t.Name, t.Partitions)),
    ];

    public static IHostApplicationBuilder AddOrderSaga(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SagaOptions(builder.Configuration.GetSection("Saga")));
        builder.AddReplyProgress();
        builder.AddKafkaMessaging(
            rider =>
            {
                // Pessimistic: replies for one order arrive on several topics at once; waiting on the row lock is
                // cheaper than failing on the row version and retrying.
                rider.AddSagaStateMachine<OrderStateMachine, OrderState>()
                    .EntityFrameworkRepository<OrderState, OrdersDbContext>(r => r.LockMode = SagaLockMode.Pessimistic);
                Produce<OrderPlaced>(rider, Topics.OrderPlaced);
                Produce<OrderDeadlinePassed>(rider, Topics.OrderDeadlinePassed);
                Produce<CancelOrder>(rider, Topics.CancelOrder);
                Produce<RetryOrderStep>(rider, Topics.RetryOrderStep);
                Produce<ExtendOrderDeadline>(rider, Topics.ExtendOrderDeadline);
                Produce<OrderCompleted>(rider, Topics.OrderCompleted);
                Produce<OrderCancelled>(rider, Topics.OrderCancelled);
                Produce<ReserveInventory>(rider, Topics.ReserveInventory);
                Produce<ReleaseInventory>(rider, Topics.ReleaseInventory);
                Produce<ChargePayment>(rider, Topics.ChargePayment);
                Produce<RefundPayment>(rider, Topics.RefundPayment);
                Produce<CreateShipment>(rider, Topics.CreateShipment);
                Produce<CancelShipment>(rider, Topics.CancelShipment);
            },
            (context, kafka) =>
            {
                Saga<OrderPlaced>(context, kafka, Topics.OrderPlaced);
                Saga<InventoryReserved>(context, kafka, Topics.InventoryReserved);
                Saga<InventoryReservationFailed>(context, kafka, Topics.InventoryReservationFailed);
                Saga<PaymentCharging>(context, kafka, Topics.PaymentCharging);
                Saga<PaymentCharged>(context, kafka, Topics.PaymentCharged);
                Saga<PaymentFailed>(context, kafka, Topics.PaymentFailed);
                Saga<ShipmentCreated>(context, kafka, Topics.ShipmentCreated);
                Saga<ShipmentCancelled>(context, kafka, Topics.ShipmentCancelled);
                Saga<OrderDeadlinePassed>(context, kafka, Topics.OrderDeadlinePassed);
                Saga<CancelOrder>(context, kafka, Topics.CancelOrder);
                Saga<RetryOrderStep>(context, kafka, Topics.RetryOrderStep);
                Saga<ExtendOrderDeadline>(context, kafka, Topics.ExtendOrderDeadline);
            });
        return builder;
    }

    /// <summary>
    /// Lets the deadline sweeper read, from Kafka, how far the saga's groups have consumed the decisive replies
    /// (<see cref="IReplyProgress"/>), with the rider's connection settings.
    /// </summary>
    public static IHostApplicationBuilder AddReplyProgress(this IHostApplicationBuilder builder)
    {
        var replyClient = ReplyClient(builder.Configuration);
        builder.Services.AddSingleton<IReplyProgress>(services =>
            new KafkaReplyProgress(replyClient, DecisiveReplies,
                services.GetRequiredService<IOptions<DeadlineSweeperOptions>>().Value.KafkaRequestTimeout));
        return builder;
    }

    private static void Produce<T>(IRiderRegistrationConfigurator rider, TopicDefinition topic)
        where T : class, IOrderMessage =>
        rider.AddProducer<T>(topic.Name, m => m.OrderId.ToString());

    private static void Saga<T>(IRiderRegistrationContext context, IKafkaFactoryConfigurator kafka,
        TopicDefinition topic)
        where T : class =>
        kafka.TransactionalTopicEndpoint<T, OrdersDbContext>(context, Service, topic.Name,
            e => e.ConfigureSaga<OrderState>(context));

    /// <summary>
    /// The rider's connection settings (<c>Kafka:BootstrapServers</c>, the security settings, <c>Kafka:Consumer:*</c>)
    /// for the reply check's consumers: they must authenticate exactly as the saga's own consumers do.
    /// </summary>
    internal static ConsumerConfig ReplyClient(IConfiguration configuration)
    {
        var config = new ConsumerConfig();
        KafkaConnectionSettings.Read(configuration).ApplyTo(config);
        configuration.GetSection("Kafka:Consumer").Bind(config);
        // The check reads the group's offsets without joining it; a static member id would claim a member's place.
        config.GroupInstanceId = null;
        return config;
    }

    private static OrderSagaOptions SagaOptions(IConfiguration saga) => new()
    {
        ReserveInventory = KafkaTopicAddress.For(Topics.ReserveInventory.Name),
        ReleaseInventory = KafkaTopicAddress.For(Topics.ReleaseInventory.Name),
        ChargePayment = KafkaTopicAddress.For(Topics.ChargePayment.Name),
        RefundPayment = KafkaTopicAddress.For(Topics.RefundPayment.Name),
        CreateShipment = KafkaTopicAddress.For(Topics.CreateShipment.Name),
        CancelShipment = KafkaTopicAddress.For(Topics.CancelShipment.Name),
        ReservationTimeout = saga.GetValue("ReservationTimeout", OrderSagaOptions.DefaultReservationTimeout),
        PaymentTimeout = saga.GetValue("PaymentTimeout", OrderSagaOptions.DefaultPaymentTimeout),
        ShipmentTimeout = saga.GetValue("ShipmentTimeout", OrderSagaOptions.DefaultShipmentTimeout),
    };
}
