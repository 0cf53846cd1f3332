namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>Where a final amount sent over HTTP is kept: as line 1 of its own intake record, exactly like a file line.</summary>
public sealed record SubmittedFinalAmount(long FileId, long LineNumber);
