namespace Settlement.Reconciliation.Matching;

/// <summary>The snake_case names outcomes have in the database, reports and JSON.</summary>
public static class LineOutcomeCode
{
    public static string ToCode(this LineOutcome outcome) => outcome switch
    {
        LineOutcome.Matched => "matched",
        LineOutcome.MatchedWithinTolerance => "matched_within_tolerance",
        LineOutcome.AmountMismatch => "amount_mismatch",
        LineOutcome.CurrencyMismatch => "currency_mismatch",
        LineOutcome.Unmatched => "unmatched",
        LineOutcome.Duplicate => "duplicate",
        LineOutcome.Batch => "batch",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };
}
