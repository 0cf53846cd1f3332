using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>A line of a final-amounts file: what an estimated PA or DB finally cost.</summary>
/// <remarks>
/// <para><c>Reference</c>: A folio or trip number, kept for the audit trail.</para>
/// </remarks>
public sealed record FinalAmountLine(
    long LineNumber,
    string? PaymentId,
    string? MerchantTransactionId,
    Money FinalAmount,
    string? Reference) : CanonicalLine(LineNumber);
