namespace Settlement.Reconciliation.RemoteSources;

/// <summary>What a run does with one data file of a listing.</summary>
public enum FetchDecision
{
    /// <summary>Complete as far as can be told: fetch it now.</summary>
    Take,

    /// <summary>Its size or time changed between the two listings: still being written; the next run looks again.</summary>
    StillWriting,

    /// <summary>The source writes a done marker and this file's is not there yet.</summary>
    AwaitingMarker,

    /// <summary>Taken before (same path, size and time).</summary>
    AlreadyTaken,

    /// <summary>Listed first, gone at the second listing (moved or deleted by someone else).</summary>
    Gone,
}
