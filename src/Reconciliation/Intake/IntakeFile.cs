using NodaTime;

namespace Settlement.Reconciliation.Intake;

/// <summary>The record of one file taken in: where it stands and what it held.</summary>
public sealed record IntakeFile(
    long FileId,
    string Sha256Hex,
    string OriginalName,
    long SizeBytes,
    string Status,
    string? Kind,
    long? DuplicateOf,
    string ClaimedBy,
    Instant ClaimedAt,
    Instant? FinishedAt,
    long? LinesTotal,
    long? LinesOk,
    long? LinesRejected,
    string? Reason,
    long? LinesIgnored = null);
