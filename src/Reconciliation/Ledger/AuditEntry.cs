using NodaTime;

namespace Settlement.Reconciliation.Ledger;

/// <summary>One row of the audit trail: a change, who or what made it, when and why.</summary>
public sealed record AuditEntry(
    long Id,
    Instant OccurredAt,
    ActorKind ActorKind,
    string Actor,
    string Action,
    string? PaymentId,
    string? TransactionId,
    string Reason,
    string? DetailsJson);
