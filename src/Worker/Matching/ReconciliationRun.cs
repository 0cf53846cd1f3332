using Settlement.Reconciliation.Matching;
using Settlement.Worker.Disputes;
using Settlement.Worker.EstimatedAuthorizations;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Matching;

/// <summary>
/// One pass of reconciliation as the worker runs it after new files and on its schedule: match the lines still
/// awaiting a decision, act on the dispute events not acted on yet, then close the payments whose final amounts
/// arrived. Counted in the metrics either way.
/// </summary>
public sealed partial class ReconciliationRun(
    SettlementMatcher matcher,
    DisputeAutomation disputes,
    FinalAmountAutomation finalAmounts,
    SettlementMetrics metrics,
    ILogger<ReconciliationRun> logger)
{
    /// <returns>A one-line summary: what the lines became, how many dispute events and final amounts acted.</returns>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var matched = await matcher.MatchAsync(cancellationToken);
        metrics.Reconciled(matched);
        var acted = await disputes.ActAsync(cancellationToken);
        var closed = await finalAmounts.RunAsync(cancellationToken);
        var summary = $"lines: {matched}; dispute events acted on: {acted}; {closed}";
        LogReconciled(logger, summary);
        return summary;
    }

    [LoggerMessage(EventId = LogEvents.ReconciliationRun.Reconciled, Level = LogLevel.Information, Message = "Reconciled: {Summary}")]
    private static partial void LogReconciled(ILogger logger, string summary);
}
