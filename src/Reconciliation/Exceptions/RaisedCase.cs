namespace Settlement.Reconciliation.Exceptions;

/// <summary>An exception case being raised: one per (kind, subject); raising the same one again changes nothing.</summary>
/// <param name="Kind">What went wrong, e.g. <see cref="ExceptionKind.UnmatchedDispute"/>.</param>
/// <param name="Subject">What it is about, unique within the kind, e.g. <c>dispute 12:3</c>.</param>
/// <param name="FileId">The file of the line it comes from, if any.</param>
/// <param name="LineNumber">That line's number.</param>
/// <param name="TransactionId">The ledger transaction concerned, if known.</param>
/// <param name="Summary">What a person reads.</param>
public sealed record RaisedCase(ExceptionKind Kind, string Subject, long? FileId, long? LineNumber, string? TransactionId, string Summary);
