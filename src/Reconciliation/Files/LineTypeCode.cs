namespace Settlement.Reconciliation.Files;

/// <summary>The canonical codes of settlement record types and dispute events, as files and the database write them.</summary>
public static class LineTypeCode
{
    public static string ToCode(this SettlementRecordType type) => type switch
    {
        SettlementRecordType.Settled => "SETTLED",
        SettlementRecordType.Refunded => "REFUNDED",
        SettlementRecordType.Chargeback => "CHARGEBACK",
        SettlementRecordType.ChargebackReversed => "CHARGEBACK_REVERSED",
        SettlementRecordType.Fee => "FEE",
        SettlementRecordType.Payout => "PAYOUT",
        SettlementRecordType.Adjustment => "ADJUSTMENT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown settlement record type."),
    };

    public static string ToCode(this ChargebackEventType type) => type switch
    {
        ChargebackEventType.RetrievalRequest => "RETRIEVAL_REQUEST",
        ChargebackEventType.Chargeback => "CHARGEBACK",
        ChargebackEventType.ChargebackReversal => "CHARGEBACK_REVERSAL",
        ChargebackEventType.SecondChargeback => "SECOND_CHARGEBACK",
        ChargebackEventType.ArbitrationWon => "ARBITRATION_WON",
        ChargebackEventType.ArbitrationLost => "ARBITRATION_LOST",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown chargeback event."),
    };

    /// <summary>The dispute event of a canonical code, as the database stores it.</summary>
    public static ChargebackEventType ChargebackEventOf(string code) => code switch
    {
        "RETRIEVAL_REQUEST" => ChargebackEventType.RetrievalRequest,
        "CHARGEBACK" => ChargebackEventType.Chargeback,
        "CHARGEBACK_REVERSAL" => ChargebackEventType.ChargebackReversal,
        "SECOND_CHARGEBACK" => ChargebackEventType.SecondChargeback,
        "ARBITRATION_WON" => ChargebackEventType.ArbitrationWon,
        "ARBITRATION_LOST" => ChargebackEventType.ArbitrationLost,
        _ => throw new InvalidOperationException($"Stored dispute event '{code}' is not a known event."),
    };
}
