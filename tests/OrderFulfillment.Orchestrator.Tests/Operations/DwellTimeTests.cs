using FluentAssertions;
using OrderFulfillment.Orchestrator.Operations;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>The p50/p95 time in each state, computed in SQL from the journal over a recent window.</summary>
public sealed class DwellTimeTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Each_state_has_the_percentiles_of_the_stays_that_ended_in_the_window()
    {
        await using var database = await OperationsDatabase.Create();
        for (var seconds = 1; seconds <= 10; seconds++)
        {
            // Placed for 1..10 s, then InventoryReserved for twice as long, then completed.
            await database.Order(Now.AddMinutes(-30), ["Placed", "InventoryReserved", "Completed"],
                [TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(2 * seconds)]);
        }

        // Left Placed before the window: not counted. Still in Placed: not a finished stay.
        await database.Order(Now.AddHours(-3), ["Placed", "Cancelled"], [TimeSpan.FromSeconds(500)]);
        await database.Order(Now.AddMinutes(-10), ["Placed"], []);
        await using var db = database.Open();

        var dwell = (await DwellTimes.Since(db, Now.AddHours(-1), CancellationToken.None)).ToDictionary(d => d.State);

        dwell.Keys.Should().BeEquivalentTo(["Placed", "InventoryReserved"],
            "a stay is measured between two transitions; an order's first has none before it");
        ShouldBe(dwell["Placed"], samples: 10, p50: 5.5, p95: 9.55);
        ShouldBe(dwell["InventoryReserved"], samples: 10, p50: 11, p95: 19.1);
    }

    private static void ShouldBe(DwellTime dwell, int samples, double p50, double p95)
    {
        dwell.Samples.Should().Be(samples);
        dwell.P50Seconds.Should().BeApproximately(p50, 1e-6);
        dwell.P95Seconds.Should().BeApproximately(p95, 1e-6);
    }
}
