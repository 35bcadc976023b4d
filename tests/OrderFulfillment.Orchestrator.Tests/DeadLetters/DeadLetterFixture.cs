namespace OrderFulfillment.Orchestrator.Tests.DeadLetters;

/// <summary>A fixture with an orchestrator of its own (<see cref="DeadLetterRig"/>), shared by its tests.</summary>
public abstract class DeadLetterFixture
{
    internal DeadLetterRig Rig { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => Rig = await DeadLetterRig.Start();

    [OneTimeTearDown]
    public async Task Stop() => await Rig.DisposeAsync();
}
