using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// Puts the inbox/outbox filter in front of every consumer and saga message configured on an endpoint.
/// </summary>
internal sealed class InboxOutboxConfigurationObserver<TDbContext>(string endpointName, string? consumerId,
    TimeSpan window, InboxConsumers<TDbContext> consumers, IConsumeScopeProvider scopes, OutboxSignal signal,
    SharedTransactions<TDbContext>? shared)
    : IConsumerConfigurationObserver, ISagaConfigurationObserver
    where TDbContext : DbContext
{
    private Type? _namedConsumer;

    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(
        IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class =>
        MessagePipe<TConsumer, TMessage>(configurator).UseFilter(Filter<TMessage>(typeof(TConsumer)));

    public void SagaConfigured<TSaga>(ISagaConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
    {
    }

    public void StateMachineSagaConfigured<TInstance>(ISagaConfigurator<TInstance> configurator,
        SagaStateMachine<TInstance> stateMachine)
        where TInstance : class, ISaga, SagaStateMachineInstance
    {
    }

    public void SagaMessageConfigured<TSaga, TMessage>(ISagaMessageConfigurator<TSaga, TMessage> configurator)
        where TSaga : class, ISaga
        where TMessage : class =>
        MessagePipe<TSaga, TMessage>(configurator).UseFilter(Filter<TMessage>(typeof(TSaga)));

    /// <summary>
    /// The message pipe in front of the consumer factory or saga repository: the transaction must be open before the
    /// saga is loaded, so that loading, changing and saving it all happen inside it. (The consumer or saga pipe
    /// proper runs after the load.)
    /// </summary>
    private static IPipeConfigurator<ConsumeContext<TMessage>> MessagePipe<T, TMessage>(object configurator)
        where TMessage : class =>
        configurator as IPipeConfigurator<ConsumeContext<TMessage>>
        ?? throw new ConfigurationException(
            $"The inbox/outbox filter cannot be added in front of {typeof(T).Name} for {typeof(TMessage).Name}.");

    private InboxOutboxFilter<TDbContext, TMessage> Filter<TMessage>(Type consumerType)
        where TMessage : class
    {
        // The id before explicit ids existed; kept as the default so that users who give none keep their rows.
        var derived = $"{endpointName}|{consumerType.FullName}|{typeof(TMessage).FullName}";
        InboxConsumer consumer;
        if (consumerId is null)
        {
            consumer = new InboxConsumer(derived, InboxConsumer.IdOf(derived), null, window);
        }
        else
        {
            // Two consumer types under one id would share an inbox: the second would skip every message the first took.
            if (_namedConsumer is not null && _namedConsumer != consumerType)
            {
                throw new ConfigurationException(
                    $"The inbox consumer id '{consumerId}' on {endpointName} names {_namedConsumer.Name}; " +
                    $"{consumerType.Name} needs an endpoint (and id) of its own.");
            }

            _namedConsumer = consumerType;
            consumer =
                new InboxConsumer(consumerId, InboxConsumer.IdOf(consumerId), InboxConsumer.IdOf(derived), window);
        }

        consumers.Add(consumer);
        var options = new OutboxConsumeOptions { ConsumerId = consumer.Id, ConsumerType = consumer.Name };
        return new InboxOutboxFilter<TDbContext, TMessage>(scopes, options, consumer, signal, shared);
    }
}
