using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>A successful PA with an open amount, as the sweep sees it.</summary>
/// <param name="PaymentId">The PA's id.</param>
/// <param name="AuthorizedAt">When the gateway processed the PA: the validity counts from here.</param>
/// <param name="Details">Brand, kind, MCC, initiator, and the expiry when one is recorded.</param>
/// <param name="OpenAmount">What the PA still reserves.</param>
/// <param name="Captured">What has been captured on it already.</param>
/// <param name="FinalAmount">The final amount of the sale, when a final-amounts file gave one.</param>
/// <param name="HoldNote">The operator's note when the payment is on hold; null when it is not.</param>
public sealed record CaptureCandidate(string PaymentId, Instant AuthorizedAt, PaymentDetails Details, Money OpenAmount, Money Captured, Money? FinalAmount, string? HoldNote)
{
    public bool IsHeld => HoldNote is not null;
}
