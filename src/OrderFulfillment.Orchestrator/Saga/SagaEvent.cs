using System.Text;
using MassTransit;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// An event of a state machine and the message that raises it: the one table between the code's vocabulary and the
/// platform's (docs/adr/0010-saga-events-named-for-their-meaning.md). <paramref name="Name"/> is what the message
/// means to the order (<c>ReservationConfirmed</c>), as the machine's code and the saga row's
/// <c>LastIgnoredEvent</c> name it; <paramref name="Message"/> the contract (<c>InventoryReserved</c>), as the
/// diagram, the journal, the topics, <c>GET /operations/saga</c> and the console name it.
/// </summary>
public sealed record SagaEvent(string Name, Type Message)
{
    /// <summary>The catalogue's topic of <see cref="Message"/>; null when it has none (a test forbids that).</summary>
    public TopicDefinition? Topic => Topics.All.FirstOrDefault(t => t.MessageType == Message);

    /// <summary>Every event of <paramref name="machine"/> a platform message raises, by the message's name.</summary>
    public static IReadOnlyList<SagaEvent> Of<TInstance>(StateMachine<TInstance> machine)
        where TInstance : class, SagaStateMachineInstance =>
        [
            .. machine.Events
                .Select(e => MessageOf(e) is { } message && message.IsAssignableTo(typeof(IOrderMessage))
                    ? new SagaEvent(e.Name, message)
                    : null)
                .OfType<SagaEvent>()
                .OrderBy(e => e.Message.Name, StringComparer.Ordinal),
        ];

    /// <summary>The message type of an event raised by one (<c>Event&lt;T&gt;</c>); null otherwise.</summary>
    public static Type? MessageOf(Event @event) =>
        @event.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>))?
            .GetGenericArguments()[0];

    /// <summary>The events as the Markdown table of docs/saga.md (a test keeps the two equal).</summary>
    public static string ToMarkdown<TInstance>(StateMachine<TInstance> machine)
        where TInstance : class, SagaStateMachineInstance
    {
        var table = new StringBuilder("| message | its topic | event in the state machine |\n|---|---|---|\n");
        foreach (var @event in Of(machine))
        {
            table.Append("| ").Append(@event.Message.Name).Append(" | `").Append(@event.Topic?.Name ?? "none")
                .Append("` | `").Append(@event.Name).Append("` |\n");
        }

        return table.ToString();
    }
}
