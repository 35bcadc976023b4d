using NUnit.Framework;

namespace OrderFulfillment.Testing;

/// <summary>Waits for a condition with a deadline instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan deadline, string because)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Not true within {deadline}: {because}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
