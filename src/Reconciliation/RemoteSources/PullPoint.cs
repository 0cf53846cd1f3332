namespace Settlement.Reconciliation.RemoteSources;

/// <summary>The points of a pull where its work is recorded; a checkpoint observer (the worker's fault hook) is told each one as it is passed.</summary>
public enum PullPoint
{
    /// <summary>Part of a file is in its temporary name, the rest still on the server.</summary>
    MidDownload,

    /// <summary>The file is downloaded and verified, not yet handed to the intake.</summary>
    Downloaded,

    /// <summary>The intake has taken the file in (committed and moved it) and the row does not say so yet.</summary>
    TakenIn,

    /// <summary>The row says taken; the remote action (move, delete) is not done yet.</summary>
    BeforeRemoteAction,
}
