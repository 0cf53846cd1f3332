namespace Settlement.Reconciliation.Retention;

/// <summary>Rows deleted by one retention run, per kind.</summary>
public sealed record RetentionRun(long SettlementLines, long DisputeEvents, long TransactionLines, long Operations, long Exceptions, long JobRuns)
{
    public override string ToString() =>
        $"deleted {SettlementLines} settlement line(s) with their outcomes, {DisputeEvents} dispute event(s) with their actions, {TransactionLines} transaction line(s), "
        + $"{Operations} finished operation(s), {Exceptions} resolved exception(s), {JobRuns} job run(s)";
}
