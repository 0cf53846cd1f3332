using Settlement.Worker.Schedules;

namespace Settlement.Worker.Matching;

/// <summary>
/// <c>reconciliation</c>: what the drop folder does after each file, once a night whatever arrived — lines still
/// awaiting are decided again (their transaction may have come since), legs age into missing, dispute events
/// that have not acted yet act, and final amounts close their payments.
/// </summary>
public sealed class NightlyReconciliation(ReconciliationRun run) : IScheduledWork
{
    public string Name => "reconciliation";

    public Task<string> RunAsync(CancellationToken cancellationToken) => run.RunAsync(cancellationToken);
}
