using Settlement.Reconciliation.Files;

namespace Settlement.Worker.Ingestion;

/// <summary>The summary of one file: what it was, what became of it, and its lines.</summary>
public sealed record IngestionResult(
    string File,
    long? FileId,
    FileKind? Kind,
    IngestionStatus Status,
    long LinesTotal,
    long LinesOk,
    long LinesRejected,
    long LinesDuplicate,
    string? MovedTo,
    string? Reason,
    long LinesIgnored = 0);
