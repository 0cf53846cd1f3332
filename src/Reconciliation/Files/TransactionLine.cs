using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>A line of a transactions file: one transaction as the gateway processed it.</summary>
/// <remarks>
/// <para><c>ReferencedId</c>: The payment_id this transaction references; present for CP, RV, RF, RB, CB and CR.</para>
/// <para><c>AuthorizationKind</c>: For a PA: final (the default when the column is blank), pre, estimated or incremental; null for other types.</para>
/// <para><c>InitiatedBy</c>: customer (the default when the column is blank) or merchant.</para>
/// </remarks>
public sealed record TransactionLine(
    long LineNumber,
    string PaymentId,
    TransactionType Type,
    string? ReferencedId,
    string? MerchantTransactionId,
    Money Amount,
    Instant Timestamp,
    string ResultCode,
    string? CardBrand,
    string? CardBin,
    string? CardLast4,
    string? Arn,
    AuthorizationKind? AuthorizationKind,
    string? MerchantCategoryCode,
    Initiator InitiatedBy = Initiator.Customer) : CanonicalLine(LineNumber)
{
    /// <summary>
    /// When a format profile's rounding rule changed an amount of the line (a report writing more decimals than the
    /// currency has): what was written, what was kept and the rule, such as "Fee 0.123456 → 0.12 USD (rounded
    /// half-even)"; null when nothing was rounded. Stored with the line, so that no rounding is silent.
    /// </summary>
    public string? Rounding { get; init; }
}
