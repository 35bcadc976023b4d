namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>
/// A clock the test moves by hand. It starts at the real time, since rows are compared with it in SQL, rounded down
/// to a whole second: PostgreSQL keeps microseconds, and a time read back must equal the one written.
/// </summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now =
        new(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
