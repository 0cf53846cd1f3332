using NodaTime;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>A regular file in a remote folder listing: its name, size and modification time (whole seconds over SFTP v3).</summary>
public sealed record RemoteEntry(string Name, long SizeBytes, Instant ModifiedAt);
