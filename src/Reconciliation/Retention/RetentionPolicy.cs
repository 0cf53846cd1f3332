using NodaTime;

namespace Settlement.Reconciliation.Retention;

/// <summary>
/// How long each kind of data is kept. Nothing an open exception names is ever deleted, whatever its age, and a
/// resolved exception goes only once what it was about is gone (so it cannot be raised again by the next run).
/// </summary>
/// <param name="AcquirerLines">Settlement lines with their outcomes, dispute events that acted with their actions, and transaction-export lines, by the time their file was processed. Disputes arrive months late (120+ days), and a year's comparison needs 13 months.</param>
/// <param name="FinishedOperations">Succeeded or failed operations, by their last change; those needing review stay.</param>
/// <param name="ResolvedExceptions">Resolved exceptions, by when they were resolved.</param>
/// <param name="JobRuns">The run history of scheduled jobs, by when the run finished.</param>
/// <param name="MissingSettlementHorizon">Matching's horizon: legs older than this are not aged any more (see <c>MatchingOptions</c>).</param>
public sealed record RetentionPolicy(Duration AcquirerLines, Duration FinishedOperations, Duration ResolvedExceptions, Duration JobRuns, Duration MissingSettlementHorizon)
{
    /// <summary>What may go at <paramref name="now"/>: everything of each kind from before its cutoff.</summary>
    public RetentionCutoffs CutoffsAt(Instant now) =>
        new(now - AcquirerLines, now - FinishedOperations, now - ResolvedExceptions, now - JobRuns, now - MissingSettlementHorizon);
}
