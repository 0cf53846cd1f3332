namespace Settlement.Reconciliation.RemoteSources;

/// <summary>What becomes of a remote file once it was taken in (processed, a duplicate, or quarantined locally).</summary>
public enum AfterTaken
{
    /// <summary>Left where it is; the source's rows remember it was taken, so it is not taken again.</summary>
    Leave,

    /// <summary>Renamed into the source's <c>MoveTo</c> folder on the server (its marker and checksum files with it).</summary>
    Move,

    /// <summary>Deleted from the server (with its marker and checksum files).</summary>
    Delete,
}
