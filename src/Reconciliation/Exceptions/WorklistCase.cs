using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>A case as the worklist shows it: the case, and what it is about (amount, payment, file) when known.</summary>
public sealed record WorklistCase(
    ExceptionCase Case,
    string? Assignee,
    Money? Amount,
    string? PaymentId,
    long? FileId,
    long? LineNumber,
    string? FileName,
    long Comments)
{
    public long Id => Case.Id;

    public Instant RaisedAt => Case.RaisedAt;
}
