namespace Settlement.Reconciliation.Notifications;

/// <summary>The outcome of a delivery attempt and, when not delivered, why.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null);
