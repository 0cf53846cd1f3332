namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>What a profile of each kind may name: its canonical fields, amounts, dates and types, and which are required.</summary>
internal sealed record ProfileVocabulary(
    FileKind Kind,
    string KeyField,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Amounts,
    string RequiredAmount,
    IReadOnlyList<string> Dates,
    string RequiredDate,
    IReadOnlyList<string> Types)
{
    public static ProfileVocabulary Settlement { get; } = new(
        FileKind.Settlement,
        "line_id",
        ["line_id", "batch_id", "payment_id", "merchant_transaction_id", "arn", "settlement_currency", "exchange_rate", "card_brand", "card_last4"],
        ["gross", "fee", "net"],
        "gross",
        ["settlement_date"],
        "settlement_date",
        ["SETTLED", "REFUNDED", "CHARGEBACK", "CHARGEBACK_REVERSED", "FEE", "PAYOUT", "ADJUSTMENT"]);

    public static ProfileVocabulary Chargebacks { get; } = new(
        FileKind.Chargebacks,
        "dispute_id",
        ["dispute_id", "payment_id", "merchant_transaction_id", "arn", "scheme", "reason_code", "reason_text"],
        ["amount"],
        "amount",
        ["event_date", "reply_by"],
        "event_date",
        ["RETRIEVAL_REQUEST", "CHARGEBACK", "CHARGEBACK_REVERSAL", "SECOND_CHARGEBACK", "ARBITRATION_WON", "ARBITRATION_LOST"]);

    public static ProfileVocabulary Transactions { get; } = new(
        FileKind.Transactions,
        "payment_id",
        ["payment_id", "referenced_id", "merchant_transaction_id", "result_code", "card_brand", "card_bin", "card_last4", "arn", "authorization_kind", "merchant_category_code", "initiated_by"],
        ["amount"],
        "amount",
        ["timestamp"],
        "timestamp",
        ["PA", "DB", "CD", "CP", "RV", "RF", "RB", "CB", "CR"]);

    public static ProfileVocabulary? For(string kind) => kind.ToLowerInvariant() switch
    {
        "settlement" => Settlement,
        "chargebacks" => Chargebacks,
        "transactions" => Transactions,
        _ => null,
    };

    /// <summary>Fields whose text another field may take with <c>{ "field": … }</c>.</summary>
    public IEnumerable<string> Referable => Fields.Concat(Dates);
}
