namespace Settlement.Reconciliation.Matching;

/// <summary>What reconciliation decided for a settlement line.</summary>
public enum LineOutcome
{
    /// <summary>Settles a leg, same amount and currency.</summary>
    Matched,

    /// <summary>Settles a leg; the amount differs within the configured tolerance.</summary>
    MatchedWithinTolerance,

    /// <summary>Settles a leg, but the amount differs beyond tolerance (or an FX line's net does not add up).</summary>
    AmountMismatch,

    /// <summary>Its key names a leg in another currency.</summary>
    CurrencyMismatch,

    /// <summary>No leg found by any key (decided again on every run).</summary>
    Unmatched,

    /// <summary>The leg it names was already settled by another line of the same record type.</summary>
    Duplicate,

    /// <summary>A fee, payout or adjustment line: it belongs to its batch, not to a payment.</summary>
    Batch,
}
