using System.Text.RegularExpressions;
using FluentAssertions;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// The saga's state names live in the state machine (Saga/OrderStateMachine.Declarations.cs); the code derives them
/// from its <see cref="SagaGraph"/>. The pages and the script that cannot derive them are read here and held to it.
/// </summary>
public sealed partial class StateNamesTests
{
    private SagaGraph _saga = null!;
    private OrderStateMachine _machine = null!;

    [OneTimeSetUp]
    public async Task ReadTheMachine()
    {
        await using var order = await OrderSagaHarness.Start();
        _machine = order.Machine;
        _saga = SagaGraph.Of(order.Machine);
    }

    [Test]
    public void Docs_api_md_lists_the_states_one_can_list_orders_by_as_the_machine_declares_them()
    {
        var documented = Names(StateFilter().Match(Page("docs", "api.md")));

        documented.Should().Equal(_saga.OrderStates,
            "docs/api.md (GET /orders, the `state` parameter) must list SagaGraph.OrderStates, in their order");
    }

    [Test]
    public void Docs_api_md_lists_as_cancellable_the_states_the_saga_cancels_in()
    {
        var documented = Names(CancellableStates().Match(Page("docs", "api.md")));

        documented.Should().Equal(new[] { OrderQueries.Submitted }.Concat(_saga.OrderStates)
                .Where(s => OrderCancellations.IsCancellable(_machine, s)),
            "docs/api.md (POST /orders/{orderId}/cancel) must list the states the saga acts on CancelOrder in");
    }

    [Test]
    public void Docs_saga_md_describes_every_state_in_its_table()
    {
        var table = StateTable().Match(Page("docs", "saga.md"));
        table.Success.Should().BeTrue("docs/saga.md still has its table of states");

        var documented = FirstCell().Matches(table.Groups["rows"].Value).Select(m => m.Groups["state"].Value);

        documented.Should().Equal(_saga.OrderStates,
            "docs/saga.md's table of states (| state | waiting for | ...) must have one row per state, in their order");
    }

    [Test]
    public void The_consoles_order_view_names_the_final_states_of_the_machine()
    {
        var script = Page("src", "OrderFulfillment.Orchestrator", "OperationsConsole", "wwwroot", "order.js");

        var named = ConsoleStateTest().Matches(script).Select(m => m.Groups["state"].Value);

        named.Should().BeEquivalentTo(_saga.FinalStates,
            "OperationsConsole/wwwroot/order.js tells a finished order by its state, by SagaGraph.FinalStates' names");
    }

    [Test]
    public void The_readme_names_every_state_in_its_summary_of_the_saga()
    {
        var summary = SagaSummary().Match(Page("README.md"));
        summary.Success.Should().BeTrue("README.md still sums the saga up as (Placed → ... → Completed / Cancelled)");

        var named = summary.Groups["states"].Value.Split(['→', '/'], StringSplitOptions.TrimEntries);

        named.Should().BeEquivalentTo(_saga.OrderStates, "README.md's first paragraph names the saga's states");
    }

    private static string Page(params string[] path) =>
        File.ReadAllText(RepositoryFiles.Path(path)).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static IEnumerable<string> Names(Match list)
    {
        list.Success.Should().BeTrue("the page still has the list this test reads");
        return BacktickedName().Matches(list.Groups["list"].Value).Select(m => m.Groups["name"].Value);
    }

    [GeneratedRegex(@"they combine: `state` \((?<list>[^)]*)\)")]
    private static partial Regex StateFilter();

    [GeneratedRegex(@"a state it can be cancelled from \((?<list>[^:]*):")]
    private static partial Regex CancellableStates();

    [GeneratedRegex(@"`(?<name>[A-Za-z]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"^\| state \| waiting for \|.*\n\|[-|]+\n(?<rows>(\|.*\n)+)", RegexOptions.Multiline)]
    private static partial Regex StateTable();

    [GeneratedRegex(@"^\| (?<state>[A-Za-z]+) \|", RegexOptions.Multiline)]
    private static partial Regex FirstCell();

    [GeneratedRegex(@"saga \((?<states>[A-Za-z]+( [→/] [A-Za-z]+)+)\)")]
    private static partial Regex SagaSummary();

    [GeneratedRegex(@"timeline\.state === '(?<state>[A-Za-z]+)'")]
    private static partial Regex ConsoleStateTest();
}
