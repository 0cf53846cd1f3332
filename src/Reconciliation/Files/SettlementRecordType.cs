namespace Settlement.Reconciliation.Files;

/// <summary>What a settlement line says the acquirer did (the record_type column).</summary>
public enum SettlementRecordType
{
    /// <summary>SETTLED: a DB, CP or RB paid out.</summary>
    Settled,

    /// <summary>REFUNDED: a refund taken back.</summary>
    Refunded,

    /// <summary>CHARGEBACK: a chargeback debited.</summary>
    Chargeback,

    /// <summary>CHARGEBACK_REVERSED: a chargeback credited back (the merchant won).</summary>
    ChargebackReversed,

    /// <summary>FEE: a fee line matched to its batch, not to a payment.</summary>
    Fee,

    /// <summary>PAYOUT: the transfer of a batch to the merchant.</summary>
    Payout,

    /// <summary>ADJUSTMENT: an acquirer correction matched to its batch.</summary>
    Adjustment,
}
