using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// A line of a settlement file. The values are kept as the acquirer wrote them; the check
/// gross × rate − fee = net belongs to matching, which reports a difference rather than refusing the line.
/// </summary>
/// <remarks>
/// <para><c>Gross</c>: The amount in the transaction's currency.</para>
/// <para><c>SettlementCurrency</c>: The currency paid out in; null when the column is absent or blank, meaning the transaction currency.</para>
/// <para><c>ExchangeRate</c>: Transaction to settlement currency; null when absent, meaning 1.</para>
/// <para><c>Fee</c>: Fees withheld, in the settlement currency.</para>
/// <para><c>Net</c>: What was paid out for the line, in the settlement currency.</para>
/// </remarks>
public sealed record SettlementLine(
    long LineNumber,
    string LineId,
    LocalDate SettlementDate,
    string BatchId,
    SettlementRecordType RecordType,
    string? PaymentId,
    string? MerchantTransactionId,
    string? Arn,
    Money Gross,
    Currency? SettlementCurrency,
    decimal? ExchangeRate,
    Money? Fee,
    Money? Net,
    string? CardBrand,
    string? CardLast4) : CanonicalLine(LineNumber)
{
    /// <summary>
    /// When a format profile's rounding rule changed an amount of the line (a report writing more decimals than the
    /// currency has): what was written, what was kept and the rule, such as "Fee 0.123456 → 0.12 USD (rounded
    /// half-even)"; null when nothing was rounded. Stored with the line, so that no rounding is silent.
    /// </summary>
    public string? Rounding { get; init; }
}
