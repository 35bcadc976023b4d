using FluentAssertions;
using MassTransit;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

public sealed class SagaDiagramTests
{
    [Test]
    public Task The_diagram_in_docs_saga_md_is_the_one_generated_from_the_state_machine() =>
        DocsShow(StateDiagram.ToMermaid, diagram => "```mermaid\n" + diagram + "```", "the diagram");

    [Test]
    public Task The_table_of_events_in_docs_saga_md_is_the_one_generated_from_the_state_machine() =>
        DocsShow(SagaEvent.ToMarkdown, table => "\n" + table + "\n", "the table of events");

    [Test]
    public async Task Every_event_of_the_state_machine_is_raised_by_a_message_with_a_topic_in_the_catalogue()
    {
        await using var order = await OrderSagaHarness.Start();
        var declared = typeof(OrderStateMachine).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Event<>))
            .Select(p => p.Name);

        var events = SagaEvent.Of(order.Machine);

        events.Select(e => e.Name).Should().BeEquivalentTo(declared,
            "every Event<T> of OrderStateMachine must carry a contract of OrderFulfillment.Contracts (IOrderMessage)");
        events.Where(e => e.Topic is null).Select(e => e.Message.Name).Should().BeEmpty(
            "the saga reads each of its messages from the topic of that message in Topics.All; add it there " +
            "(src/OrderFulfillment.Contracts/README.md says what else a new topic needs)");
    }

    /// <summary>
    /// Checks that docs/saga.md shows what <paramref name="generate"/> draws, printing it to paste there.
    /// </summary>
    private static async Task DocsShow(Func<OrderStateMachine, string> generate, Func<string, string> inPage,
        string what)
    {
        await using var order = await OrderSagaHarness.Start();
        var generated = generate(order.Machine);
        TestContext.Out.WriteLine(generated);

        var docs = await File.ReadAllTextAsync(RepositoryFiles.Path("docs", "saga.md"));

        docs.Replace("\r\n", "\n", StringComparison.Ordinal).Should().Contain(inPage(generated),
            $"docs/saga.md must show the machine as it is; paste {what} printed above into it");
    }
}
