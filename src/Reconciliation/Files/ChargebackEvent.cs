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
    LocalDate? ReplyBy) : CanonicalLine(LineNumber);
