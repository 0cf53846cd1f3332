namespace Settlement.Reconciliation.Intake;

/// <summary>What a processed file held: its kind and how many of its lines were taken, rejected, or already known
/// from another file (duplicates are among the lines taken: <see cref="LinesOk"/> counts them).</summary>
public sealed record FileCounts(string Kind, long LinesTotal, long LinesOk, long LinesRejected, long LinesDuplicate = 0, long LinesIgnored = 0);
