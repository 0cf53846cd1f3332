using System.Diagnostics;

namespace Settlement.Harness.Infrastructure;

/// <summary>Waits on a condition (never a blind sleep): polls it until it holds or the time is up.</summary>
internal static class Waiting
{
    public static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, int pollMilliseconds = 250)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition(cancellationToken))
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(pollMilliseconds, cancellationToken);
        }
    }
}
