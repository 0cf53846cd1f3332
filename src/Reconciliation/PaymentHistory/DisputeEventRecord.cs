using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.PaymentHistory;

/// <summary>A dispute event about a payment, as its file told it.</summary>
public sealed record DisputeEventRecord(
    long FileId,
    string FileName,
    long LineNumber,
    string DisputeId,
    string Event,
    LocalDate EventDate,
    Money? Amount,
    string? ReasonCode,
    string? ReasonText,
    LocalDate? ReplyBy,
    Instant ReceivedAt);
