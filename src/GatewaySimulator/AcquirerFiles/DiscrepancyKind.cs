namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>A difference between the acquirer's files and the gateway's state, put there on purpose.</summary>
public enum DiscrepancyKind
{
    /// <summary>A transaction the gateway processed has no settlement line.</summary>
    MissingLine,

    /// <summary>A settlement line's gross differs from the transaction's amount.</summary>
    AmountDifference,

    /// <summary>A transaction is settled on a second line (another line_id).</summary>
    Duplicate,

    /// <summary>A line settles in another currency, with an exchange rate (not an error, but not 1:1).</summary>
    FxLine,

    /// <summary>A settlement line for a payment id the gateway never issued.</summary>
    UnknownLine,

    /// <summary>A chargeback event for a payment the gateway has no chargeback on.</summary>
    ExtraChargeback,

    /// <summary>A chargeback reversal event the gateway has no CR for.</summary>
    ExtraReversal,
}
