namespace Settlement.Reconciliation.Intake;

/// <summary>The answer to a claim: the file's row and what to do with it.</summary>
/// <param name="FileId">The intake row of this attempt (for a duplicate, the row recording the duplicate).</param>
/// <param name="Status">What to do.</param>
/// <param name="OriginalFileId">For a duplicate, the row of the file first processed with the same content.</param>
/// <param name="TookOverFrom">When a claim was taken over from an instance whose lease expired (it crashed), that instance.</param>
/// <param name="QuarantineReason">For a delivery <see cref="ClaimStatus.LeftToMove"/> that was quarantined, why; null when it goes to the archive.</param>
public sealed record FileClaim(long FileId, ClaimStatus Status, long? OriginalFileId = null, string? TookOverFrom = null, string? QuarantineReason = null);
