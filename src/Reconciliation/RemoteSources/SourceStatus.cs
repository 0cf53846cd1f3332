using NodaTime;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>How a source last went, as every instance sees it (<c>sources.source_status</c>).</summary>
public sealed record SourceStatus(
    string Source,
    Instant LastAttemptAt,
    Instant? LastSuccessAt,
    Instant? FailingSince,
    string? FailureKind,
    string? FailureReason,
    long FilesTaken,
    long BytesTaken,
    string? PinnedHostKey);
