using NodaTime;

namespace Settlement.Reconciliation.PaymentHistory;

/// <summary>An operator's hold on a PA: the capture sweep skips it until released.</summary>
public sealed record PaymentHold(string Note, string HeldBy, Instant HeldAt);
