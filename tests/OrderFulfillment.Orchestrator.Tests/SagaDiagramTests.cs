using FluentAssertions;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

public sealed class SagaDiagramTests
{
    [Test]
    public async Task The_diagram_in_docs_saga_md_is_the_one_generated_from_the_state_machine()
    {
        await using var order = await OrderSagaHarness.Start();
        var generated = StateDiagram.ToMermaid(order.Machine);
        TestContext.Out.WriteLine(generated);

        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "saga.md"));

        docs.Replace("\r\n", "\n", StringComparison.Ordinal).Should().Contain("```mermaid\n" + generated + "```",
            "docs/saga.md must show the machine as it is; paste the generated diagram printed above into it");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderFulfillment.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
