namespace Settlement.Reconciliation.Matching;

/// <summary>What one reconciliation run decided: lines per outcome (only the lines decided in this run).</summary>
public sealed record MatchRun(IReadOnlyDictionary<LineOutcome, long> Decided)
{
    public long Count(LineOutcome outcome) => Decided.GetValueOrDefault(outcome);

    public override string ToString() =>
        Decided.Count == 0 ? "no new lines" : string.Join(", ", Decided.OrderBy(entry => entry.Key).Select(entry => $"{entry.Value} {entry.Key.ToCode()}"));
}
