using NodaTime;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// The state of reconciliation: settlement lines by outcome and currency, ledger legs by settlement status,
/// and, per settlement date and currency, what was paid out against what the lines add up to.
/// </summary>
public sealed record ReconciliationReport(
    LocalDate? SettlementDate,
    Instant GeneratedAt,
    IReadOnlyList<OutcomeTotal> Lines,
    IReadOnlyList<OutcomeTotal> Legs,
    IReadOnlyList<PayoutCheck> Payouts,
    IReadOnlyList<FileTotal> Files)
{
    /// <summary>How many lines (or legs) have this outcome (or status), over all currencies.</summary>
    public long Count(string outcome) =>
        Lines.Concat(Legs).Where(total => total.Outcome == outcome).Sum(total => total.Count);
}

/// <summary>Lines or legs of one outcome in one currency: how many and their gross sum.</summary>
public sealed record OutcomeTotal(string Outcome, string Currency, long Count, decimal Amount);

/// <summary>For one settlement date and currency: fees withheld, what the lines net to, what was paid out.</summary>
public sealed record PayoutCheck(LocalDate SettlementDate, string Currency, decimal Fees, decimal ExpectedNet, decimal PaidOut)
{
    public decimal Difference => PaidOut - ExpectedNet;
}

/// <summary>One ingested file's lines per outcome.</summary>
public sealed record FileTotal(long FileId, string FileName, string Outcome, long Count);
