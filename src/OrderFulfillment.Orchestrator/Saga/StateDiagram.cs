using System.Text;
using MassTransit;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// Draws a state machine as a Mermaid state diagram from its <see cref="SagaGraph"/>, so the diagram in
/// docs/saga.md is the machine, not a drawing of it (a test keeps the two equal).
/// </summary>
public static class StateDiagram
{
    public static string ToMermaid<TInstance>(StateMachine<TInstance> machine)
        where TInstance : class, SagaStateMachineInstance
    {
        var diagram = new StringBuilder("stateDiagram-v2\n");
        foreach (var (from, to, @event) in SagaGraph.Of(machine).Transitions
                     .Select(t => (From: Name(t.From), To: Name(t.To), t.Event)).Distinct()
                     .OrderBy(t => t.From, StringComparer.Ordinal).ThenBy(t => t.Event, StringComparer.Ordinal)
                     .ThenBy(t => t.To, StringComparer.Ordinal))
        {
            diagram.Append("    ").Append(from).Append(" --> ").Append(to).Append(" : ").Append(@event).Append('\n');
        }

        return diagram.ToString();
    }

    private static string Name(string state) => state is "Initial" or "Final" ? "[*]" : state;
}
