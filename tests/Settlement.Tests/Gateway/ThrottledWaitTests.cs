using Settlement.Reconciliation.Gateway;

namespace Settlement.Tests.Gateway;

/// <summary>How long a throttled call waits: Retry-After when given, else doubling up to 30 s, never past its limit.</summary>
public sealed class ThrottledWaitTests
{
    [Fact]
    public void Without_retry_after_the_wait_doubles_up_to_thirty_seconds()
    {
        var wait = new ThrottledWait(TimeSpan.FromSeconds(4), TimeSpan.FromHours(1));

        var waits = Enumerable.Range(0, 6).Select(_ => wait.TryNext(null, out var next) ? next.TotalSeconds : -1).ToList();

        Assert.Equal([4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public void Retry_after_is_honoured_and_a_zero_one_takes_the_doubling_delay()
    {
        var wait = new ThrottledWait(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        Assert.True(wait.TryNext(TimeSpan.FromSeconds(7), out var asked));
        Assert.True(wait.TryNext(TimeSpan.Zero, out var zero));

        Assert.Equal((7, 2), (asked.TotalSeconds, zero.TotalSeconds));
    }

    [Fact]
    public void The_waits_of_one_call_stop_at_the_limit()
    {
        var wait = new ThrottledWait(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var waits = new List<double>();
        while (wait.TryNext(TimeSpan.FromSeconds(4), out var next))
        {
            waits.Add(next.TotalSeconds);
        }

        Assert.Equal([4, 4, 2], waits);
        Assert.Equal(TimeSpan.FromSeconds(10), wait.Waited);
    }
}
