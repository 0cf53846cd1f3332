using Settlement.Reconciliation.Matching;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Matching;

/// <summary><c>missing-settlement-aging</c>: legs past the expected settlement lag become missing on time, even on a night without files.</summary>
public sealed class MissingSettlementAgingWork(MissingSettlementAging aging) : IScheduledWork
{
    public string Name => "missing-settlement-aging";

    public async Task<string> RunAsync(CancellationToken cancellationToken) => (await aging.AgeAsync(cancellationToken)).ToString();
}
