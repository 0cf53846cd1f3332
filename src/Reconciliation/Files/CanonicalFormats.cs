namespace Settlement.Reconciliation.Files;

/// <summary>The canonical formats of docs/formats.md, one per <see cref="FileKind"/>.</summary>
/// <remarks>
/// "One of" columns (payment_id / merchant_transaction_id / arn) are optional here: the header may
/// carry any of them, and the rule that a line names at least one is checked line by line.
/// Chargeback amount and currency are optional columns too, because a retrieval request moves no money.
/// </remarks>
public static class CanonicalFormats
{
    /// <summary>The dedupe namespace (<c>source</c>) of lines read from canonical files; profiles use their own names.</summary>
    public const string Source = "canonical";

    public static CanonicalFormat Transactions { get; } = new(
        FileKind.Transactions,
        "transactions",
        ["payment_id", "payment_type", "amount", "currency", "timestamp", "result_code"],
        ["referenced_id", "merchant_transaction_id", "card_brand", "card_bin", "card_last4", "arn", "authorization_kind", "merchant_category_code", "initiated_by"]);

    public static CanonicalFormat Settlement { get; } = new(
        FileKind.Settlement,
        "settlement",
        ["line_id", "settlement_date", "batch_id", "record_type", "gross_amount", "transaction_currency"],
        ["payment_id", "merchant_transaction_id", "arn", "settlement_currency", "exchange_rate", "fee_amount", "net_amount", "card_brand", "card_last4"]);

    public static CanonicalFormat Chargebacks { get; } = new(
        FileKind.Chargebacks,
        "chargebacks",
        ["dispute_id", "event", "event_date"],
        ["payment_id", "merchant_transaction_id", "arn", "amount", "currency", "scheme", "reason_code", "reason_text", "reply_by"]);

    public static CanonicalFormat FinalAmounts { get; } = new(
        FileKind.FinalAmounts,
        "final-amounts",
        ["final_amount", "currency"],
        ["payment_id", "merchant_transaction_id", "reference"]);

    public static IReadOnlyList<CanonicalFormat> All { get; } = [Transactions, Settlement, Chargebacks, FinalAmounts];

    public static CanonicalFormat For(FileKind kind) => kind switch
    {
        FileKind.Transactions => Transactions,
        FileKind.Settlement => Settlement,
        FileKind.Chargebacks => Chargebacks,
        FileKind.FinalAmounts => FinalAmounts,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
    };
}
