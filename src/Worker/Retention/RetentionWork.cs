using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Retention;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Retention;

/// <summary><c>retention</c>: deletes what is older than its kind's age (<see cref="RetentionOptions"/>), never what an open exception needs.</summary>
public sealed class RetentionWork(RetentionStore store, IOptions<RetentionOptions> options, MatchingOptions matching, IClock clock) : IScheduledWork
{
    public string Name => "retention";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = new RetentionPolicy(
            Duration.FromTimeSpan(settings.AcquirerLines),
            Duration.FromTimeSpan(settings.FinishedOperations),
            Duration.FromTimeSpan(settings.ResolvedExceptions),
            Duration.FromTimeSpan(settings.JobRuns),
            matching.MissingSettlementHorizon);
        return (await store.DeleteAsync(policy.CutoffsAt(clock.GetCurrentInstant()), cancellationToken)).ToString();
    }
}
