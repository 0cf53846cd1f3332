using NodaTime;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>When a PA lapses, and what decided it (the expiry stored on the payment, or a policy rule).</summary>
/// <param name="ExpiresAt">The first instant at which a capture is refused.</param>
/// <param name="Rule">The policy rule that decided it; null when the payment carried its own expiry.</param>
/// <param name="Action">What to do when it is due.</param>
/// <param name="Source">Words for the reason: <c>expires_at recorded on the payment</c>, or the rule.</param>
public sealed record PreAuthorizationExpiry(Instant ExpiresAt, ExpiryRule? Rule, ExpiryAction Action, string Source);
