using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.PaymentHistory;

/// <summary>A settlement line about a payment: which file brought it, what it said, and what matching decided.</summary>
public sealed record SettlementLineRecord(
    long FileId,
    string FileName,
    long LineNumber,
    string RecordType,
    LocalDate SettlementDate,
    Money? Gross,
    string? Outcome,
    string? Explanation,
    Instant? DecidedAt,
    Instant ReceivedAt);
