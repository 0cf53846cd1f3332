using System.Diagnostics;

namespace Settlement.Testing;

/// <summary>
/// Waits on a condition, never a blind sleep: asks it until it holds or the time is up, and says which. The caller
/// asserts on the answer, so each test keeps its own failure message.
/// </summary>
public static class Eventually
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> TrueAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, int pollMilliseconds = 250)
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

    /// <summary>What <paramref name="probe"/> first finds (not null); null when <paramref name="timeout"/> passes first.</summary>
    public static async Task<T?> FoundAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, CancellationToken cancellationToken, int pollMilliseconds = 250)
        where T : class
    {
        T? found = null;
        var held = await TrueAsync(async token => (found = await probe(token)) is not null, timeout, cancellationToken, pollMilliseconds);
        return held ? found : null;
    }
}
