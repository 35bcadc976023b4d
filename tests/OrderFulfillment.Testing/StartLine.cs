namespace OrderFulfillment.Testing;

/// <summary>
/// Holds concurrent transactions after they began until all of them have, so their work really overlaps instead of
/// the first finishing while the others are still opening connections.
/// </summary>
public sealed class StartLine(int runners)
{
    private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task Arrive()
    {
        if (Interlocked.Increment(ref _arrived) == runners)
        {
            _go.SetResult();
        }

        return _go.Task;
    }
}
