namespace Settlement.Reconciliation.RemoteSources;

/// <summary>Where a remote file stands (<c>sources.remote_files.status</c>); each step is written once its work is finished.</summary>
public enum RemoteFileStatus
{
    /// <summary>Claimed by an instance, which is fetching it (or died doing so: its lease tells).</summary>
    Downloading,

    /// <summary>Fetched and verified into the staging folder; not yet taken in by the intake.</summary>
    Downloaded,

    /// <summary>Taken in by the intake (processed, a duplicate, or quarantined); the remote action may be left.</summary>
    Taken,

    /// <summary>Taken in and the remote action done: nothing left.</summary>
    Done,
}
