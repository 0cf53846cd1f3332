namespace Settlement.Reconciliation.Intake;

/// <summary>What a worker instance may do with a file it found.</summary>
public enum ClaimStatus
{
    /// <summary>This instance owns the file now and must process it (or quarantine it).</summary>
    Claimed,

    /// <summary>The same content was processed before: recorded as a duplicate, nothing else changes.</summary>
    Duplicate,

    /// <summary>
    /// Another instance is processing the same content right now, or has just finished this very delivery and is
    /// moving it out of the inbox: leave the file alone.
    /// </summary>
    ClaimedElsewhere,

    /// <summary>
    /// This delivery was finished before (processed, a duplicate, or quarantined) but its file never left the inbox:
    /// its owner died between its commit and the move (or the move failed). Move it as the record says; nothing is
    /// counted again and no new record is written.
    /// </summary>
    LeftToMove,
}
