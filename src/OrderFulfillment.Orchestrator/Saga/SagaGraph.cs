using MassTransit;
using MassTransit.SagaStateMachine;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// A transition of the saga: in <paramref name="From"/>, the message <paramref name="Event"/> moves an order to
/// <paramref name="To"/>.
/// </summary>
public sealed record SagaTransition(string From, string To, string Event);

/// <summary>
/// A state machine's states and transitions as MassTransit's own graph of it has them, so that whatever shows the
/// saga (the Mermaid diagram in docs/saga.md, <c>GET /operations/saga</c>) shows the machine, not a copy of it.
/// States are named as the saga stores them (<c>Initial</c> included); events after the message that raises them.
/// </summary>
public sealed record SagaGraph(IReadOnlyList<string> States, IReadOnlyList<SagaTransition> Transitions)
{
    public static SagaGraph Of<TInstance>(StateMachine<TInstance> machine)
        where TInstance : class, SagaStateMachineInstance
    {
        var graph = machine.GetGraph();
        var transitions = graph.Edges
            .Where(e => IsState(e.From) && !IsState(e.To))
            .SelectMany(toEvent => graph.Edges
                .Where(e => e.From.Equals(toEvent.To) && IsState(e.To))
                .Select(toState => new SagaTransition(toEvent.From.Title, toState.To.Title, EventName(toEvent.To))))
            .Distinct()
            .OrderBy(t => t.From, StringComparer.Ordinal).ThenBy(t => t.Event, StringComparer.Ordinal)
            .ThenBy(t => t.To, StringComparer.Ordinal)
            .ToList();
        // MassTransit's Final is a state of every machine; this saga never enters it, so it is only shown when used.
        var states = machine.States.Select(s => s.Name)
            .Where(s => transitions.Any(t => t.From == s || t.To == s))
            .ToList();
        return new SagaGraph(states, transitions);
    }

    /// <summary>A state no transition leaves: an order in it is finished.</summary>
    public bool IsFinal(string state) => Transitions.All(t => t.From != state) && Transitions.Any(t => t.To == state);

    /// <summary>The states no transition leaves.</summary>
    public IReadOnlyList<string> FinalStates => [.. States.Where(IsFinal)];

    /// <summary>
    /// The states an order's saga can be in, as stored in its row and answered by the API (every state but the
    /// initial one), in the order the state machine declares them.
    /// </summary>
    public IReadOnlyList<string> OrderStates => [.. States.Where(s => !IsInitial(s))];

    /// <summary>A state no transition enters: where an order is before its first message.</summary>
    public bool IsInitial(string state) => Transitions.All(t => t.To != state);

    /// <summary>The states an order waits in: entered and left by transitions.</summary>
    public IReadOnlyList<string> WaitingStates => [.. States.Where(s => !IsInitial(s) && !IsFinal(s))];

    /// <summary>
    /// The messages the saga acts on in <paramref name="state"/> (every event its state declares, whether or not it
    /// moves the order), named as the journal names them.
    /// </summary>
    public static IReadOnlyList<string> Accepts<TInstance>(StateMachine<TInstance> machine, string state)
        where TInstance : class, SagaStateMachineInstance =>
        [.. machine.NextEvents(machine.GetState(state)).Select(MessageName).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The message type of an event raised by a message (<c>Event&lt;T&gt;</c>); the event's name otherwise.
    /// </summary>
    public static string MessageName(Event @event) => SagaEvent.MessageOf(@event)?.Name ?? @event.Name;

    private static bool IsState(Vertex vertex) => typeof(State).IsAssignableFrom(vertex.VertexType);

    /// <summary>Events are named after the message that raises them, as the journal and the topics name them.</summary>
    private static string EventName(Vertex @event) =>
        @event.TargetType is { } message && message != typeof(object) ? message.Name : @event.Title;
}
