namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// How one amount is written. Exactly one of: <see cref="Column"/> (a signed value: the sign gives the
/// direction, the canonical amount is its magnitude), <see cref="Debit"/>/<see cref="Credit"/> (separate
/// columns, one of them filled), or <see cref="Sum"/> (several signed columns added, such as fee parts).
/// Canonical amounts are never negative: the direction is carried by the record type.
/// </summary>
/// <remarks>
/// <see cref="MinorUnits"/>: the values are integers in the currency's minor unit (1250 = 12.50 EUR).
/// <see cref="DirectionColumn"/>: a DR/CR flag column whose value must be one of <see cref="DebitValues"/>
/// or <see cref="CreditValues"/> (anything else is a line error).
/// <see cref="Fallback"/>: the name of another amount of the profile used when this one is blank (Adyen
/// fee and payout lines have only a net amount).
/// Trailing zeros beyond the currency's decimals are accepted ("1.50000000" USD is 1.50); ".11" is 0.11.
/// </remarks>
public sealed record ProfileAmount
{
    public string? Column { get; init; }

    public string? Debit { get; init; }

    public string? Credit { get; init; }

    public IReadOnlyList<string> Sum { get; init; } = [];

    /// <summary>The column holding the ISO 4217 code.</summary>
    public required string Currency { get; init; }

    public bool MinorUnits { get; init; }

    public string? DirectionColumn { get; init; }

    public IReadOnlyList<string> DebitValues { get; init; } = ["DR", "D", "-"];

    public IReadOnlyList<string> CreditValues { get; init; } = ["CR", "C", "+"];

    public string? Fallback { get; init; }
}
