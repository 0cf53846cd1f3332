using NodaTime;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>A remote file's row: which file it is, where it stands and what its download gave.</summary>
public sealed record RemoteFileRow(
    long Id,
    string Source,
    string RemotePath,
    long SizeBytes,
    Instant ModifiedAt,
    RemoteFileStatus Status,
    string ClaimedBy,
    byte[]? Sha256,
    string? LocalPath,
    Instant? DownloadedAt)
{
    public string Name => RemotePath[(RemotePath.LastIndexOf('/') + 1)..];
}
