using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Orchestrator.Operations;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>Finished orders are counted in full rarely, and in between from the journal's new transitions.</summary>
public sealed class FinishedTotalsTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Recount = TimeSpan.FromHours(1);
    private static readonly TimeSpan Stay = TimeSpan.FromSeconds(5);

    [Test]
    public async Task A_full_count_first_then_only_settled_transitions_into_a_final_state_are_added()
    {
        await using var database = await OperationsDatabase.Create();
        await database.Order(Now.AddHours(-2), ["Placed", "Completed"], [Stay]);
        await database.Order(Now.AddHours(-2), ["Placed", "Cancelled"], [Stay]);
        await database.Order(Now.AddHours(-2), ["Placed"], []);
        var totals = new FinishedTotals(["Completed", "Cancelled"]);
        await using var db = database.Open();

        await totals.Refresh(db, Now, Recount, CancellationToken.None);
        totals.ByState.Should().BeEquivalentTo(new Dictionary<string, long> { ["Completed"] = 1, ["Cancelled"] = 1 });

        await database.Order(Now.AddMinutes(-5), ["Placed", "Completed"], [Stay]);
        await database.Order(Now.AddMinutes(-5), ["Placed", "Completed"], [Stay]);
        await database.Order(Now.AddSeconds(-10), ["Placed", "Cancelled"], [Stay]);
        await totals.Refresh(db, Now.AddMinutes(1), Recount, CancellationToken.None);

        totals.ByState.Should().BeEquivalentTo(new Dictionary<string, long> { ["Completed"] = 3, ["Cancelled"] = 2 },
            "each order's transition into a final state is added once");

        await totals.Refresh(db, Now.AddMinutes(2), Recount, CancellationToken.None);
        totals.ByState.Should()
            .BeEquivalentTo(new Dictionary<string, long> { ["Completed"] = 3, ["Cancelled"] = 2 }, "nothing new");
    }

    [Test]
    public async Task A_transition_recorded_within_the_settling_time_is_added_by_a_later_refresh()
    {
        await using var database = await OperationsDatabase.Create();
        var totals = new FinishedTotals(["Completed", "Cancelled"]);
        await using var db = database.Open();
        await totals.Refresh(db, Now, Recount, CancellationToken.None);

        await database.Order(Now.AddSeconds(-5), ["Placed", "Completed"], [TimeSpan.FromSeconds(1)]);
        await totals.Refresh(db, Now, Recount, CancellationToken.None);
        totals.ByState["Completed"].Should().Be(0, "its transaction may not be the last to commit below its id yet");

        await totals.Refresh(db, Now.AddMinutes(1), Recount, CancellationToken.None);
        totals.ByState["Completed"].Should().Be(1);
    }

    [Test]
    public async Task After_the_recount_interval_everything_is_counted_again()
    {
        await using var database = await OperationsDatabase.Create();
        var totals = new FinishedTotals(["Completed", "Cancelled"]);
        await using var db = database.Open();
        await totals.Refresh(db, Now, Recount, CancellationToken.None);
        // A finished order with no journal (pruned, or written before there was one) is found only by counting.
        await database.Order(Now.AddDays(-400), ["Completed"], []);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM order_journal");

        await totals.Refresh(db, Now.AddMinutes(1), Recount, CancellationToken.None);
        totals.ByState["Completed"].Should().Be(0);
        await totals.Refresh(db, Now + Recount, Recount, CancellationToken.None);
        totals.ByState["Completed"].Should().Be(1);
    }
}
