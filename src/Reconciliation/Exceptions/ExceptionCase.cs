using NodaTime;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>An exception case: a problem reconciliation found that needs a person, and how it was closed.</summary>
public sealed record ExceptionCase(
    long Id,
    string Kind,
    string Subject,
    string Summary,
    string Status,
    Instant RaisedAt,
    Instant? ResolvedAt,
    string? ResolvedBy,
    string? Note);
