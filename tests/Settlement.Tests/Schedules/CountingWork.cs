using Settlement.Worker.Schedules;

namespace Settlement.Tests.Schedules;

/// <summary>A scheduled work that only counts its runs, shared by every host of a test so the count is the cluster's.</summary>
internal sealed class CountingWork(string name) : IScheduledWork
{
    private int _runs;

    public string Name => name;

    public int Runs => Volatile.Read(ref _runs);

    public Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        return Task.FromResult($"run {run}");
    }
}
