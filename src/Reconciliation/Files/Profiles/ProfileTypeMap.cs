namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The report's type column: <see cref="Map"/> gives the canonical record type (SETTLED, REFUNDED,
/// CHARGEBACK, CHARGEBACK_REVERSED, FEE, PAYOUT, ADJUSTMENT) or dispute event (RETRIEVAL_REQUEST,
/// CHARGEBACK, …) of each value; <see cref="Ignore"/> lists values that are not money lines (counted
/// as ignored); any other value is a line error when <see cref="Unmapped"/> is <c>report</c> (the
/// default: a new kind of money line must not vanish silently) or ignored when it is <c>ignore</c>.
/// Values are compared ignoring case.
/// </summary>
public sealed record ProfileTypeMap
{
    public required string Column { get; init; }

    public required IReadOnlyDictionary<string, string> Map { get; init; }

    public IReadOnlyList<string> Ignore { get; init; } = [];

    public string Unmapped { get; init; } = "report";
}
