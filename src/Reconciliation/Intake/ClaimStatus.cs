namespace Settlement.Reconciliation.Intake;

/// <summary>What a worker instance may do with a file it found.</summary>
public enum ClaimStatus
{
    /// <summary>This instance owns the file now and must process it (or quarantine it).</summary>
    Claimed,

    /// <summary>The same content was processed before: recorded as a duplicate, nothing else changes.</summary>
    Duplicate,

    /// <summary>Another instance is processing the same content right now: leave the file alone.</summary>
    ClaimedElsewhere,
}
