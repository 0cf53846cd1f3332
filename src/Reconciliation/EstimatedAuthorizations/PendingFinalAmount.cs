using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>
/// A final amount (a file's line, or one sent over HTTP) not acted on yet, with the keys that find its payment, and
/// as <c>Source</c> the name of the file it came in, for logs and exceptions.
/// </summary>
public sealed record PendingFinalAmount(long FileId, long LineNumber, string? PaymentId, string? MerchantTransactionId, Money Amount, string? Reference, string Source)
{
    /// <summary>How the final amount is named in logs and exceptions: its payment reference, amount and line.</summary>
    public string Key => $"final amount {Amount} for {PaymentId ?? MerchantTransactionId} ({Source} line {LineNumber})";
}
