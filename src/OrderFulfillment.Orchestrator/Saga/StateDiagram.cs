using System.Text;
using MassTransit;
using MassTransit.SagaStateMachine;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// Draws a state machine as a Mermaid state diagram from MassTransit's own graph of it, so the diagram in
/// docs/saga.md is the machine, not a drawing of it (a test keeps the two equal).
/// </summary>
public static class StateDiagram
{
    public static string ToMermaid<TInstance>(StateMachine<TInstance> machine)
        where TInstance : class, SagaStateMachineInstance
    {
        var graph = machine.GetGraph();
        var transitions = graph.Edges
            .Where(e => IsState(e.From) && !IsState(e.To))
            .SelectMany(toEvent => graph.Edges
                .Where(e => e.From.Equals(toEvent.To) && IsState(e.To))
                .Select(toState => (From: Name(toEvent.From), To: Name(toState.To), Event: EventName(toEvent.To))))
            .Distinct()
            .OrderBy(t => t.From, StringComparer.Ordinal).ThenBy(t => t.Event, StringComparer.Ordinal).ThenBy(t => t.To, StringComparer.Ordinal);

        var diagram = new StringBuilder("stateDiagram-v2\n");
        foreach (var (from, to, @event) in transitions)
        {
            diagram.Append("    ").Append(from).Append(" --> ").Append(to).Append(" : ").Append(@event).Append('\n');
        }

        return diagram.ToString();
    }

    private static bool IsState(Vertex vertex) => typeof(State).IsAssignableFrom(vertex.VertexType);

    private static string Name(Vertex state) => state.Title switch
    {
        "Initial" => "[*]",
        "Final" => "[*]",
        var title => title,
    };

    /// <summary>Events are named after the message that raises them, as the journal and the topics name them.</summary>
    private static string EventName(Vertex @event) =>
        @event.TargetType is { } message && message != typeof(object) ? message.Name : @event.Title;
}
