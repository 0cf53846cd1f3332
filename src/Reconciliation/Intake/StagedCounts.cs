namespace Settlement.Reconciliation.Intake;

/// <summary>Lines a file brought: stored now, or already known from an earlier file (counted once, not stored again).</summary>
public sealed record StagedCounts(long Stored, long Duplicates);
