using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>A line of a chargebacks file: one event of a dispute case.</summary>
/// <remarks>
/// <para><c>Amount</c>: The disputed amount; null only for a retrieval request that gives none.</para>
/// <para><c>ReasonCode</c>: As text (Visa "10.4", "12.6.1"); a Mastercard two-digit code is normalised to its four-digit form ("53" → "4853").</para>
/// </remarks>
public sealed record ChargebackEvent(
    long LineNumber,
    string DisputeId,
    ChargebackEventType Event,
    LocalDate EventDate,
    string? PaymentId,
    string? MerchantTransactionId,
    string? Arn,
    Money? Amount,
    string? Scheme,
    string? ReasonCode,
    string? ReasonText,
    LocalDate? ReplyBy) : CanonicalLine(LineNumber)
{
    /// <summary>
    /// When a format profile's rounding rule changed an amount of the line (a report writing more decimals than the
    /// currency has): what was written, what was kept and the rule, such as "Fee 0.123456 → 0.12 USD (rounded
    /// half-even)"; null when nothing was rounded. Stored with the line, so that no rounding is silent.
    /// </summary>
    public string? Rounding { get; init; }
}
