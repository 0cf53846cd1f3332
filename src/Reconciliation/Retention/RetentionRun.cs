namespace Settlement.Reconciliation.Retention;

/// <summary>
/// Rows removed by one retention run, per kind: deleted one by one, or dropped with their month's partitions
/// (<paramref name="MonthsDropped"/> months of lines or dispute events).
/// </summary>
public sealed record RetentionRun(long SettlementLines, long DisputeEvents, long TransactionLines, long Operations, long Exceptions, long JobRuns, int MonthsDropped = 0)
{
    public override string ToString() =>
        $"deleted {SettlementLines} settlement line(s) with their outcomes, {DisputeEvents} dispute event(s) with their actions, {TransactionLines} transaction line(s), "
        + $"{Operations} finished operation(s), {Exceptions} resolved exception(s), {JobRuns} job run(s); {MonthsDropped} month partition(s) dropped";
}
