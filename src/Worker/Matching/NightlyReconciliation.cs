using Settlement.Reconciliation.Matching;
using Settlement.Worker.Disputes;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Matching;

/// <summary>
/// <c>reconciliation</c>: what the drop folder does after each file, once a night whatever arrived — lines still
/// awaiting are decided again (their transaction may have come since), legs age into missing, then dispute events
/// that have not acted yet act.
/// </summary>
public sealed class NightlyReconciliation(SettlementMatcher matcher, DisputeAutomation disputes) : IScheduledWork
{
    public string Name => "reconciliation";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var run = await matcher.MatchAsync(cancellationToken);
        var acted = await disputes.ActAsync(cancellationToken);
        return $"matching decided {run}; {acted} dispute event(s) acted";
    }
}
