namespace Settlement.Reconciliation.Intake;

/// <summary>What a processed file held: its kind and how many of its lines were taken or rejected.</summary>
public sealed record FileCounts(string Kind, long LinesTotal, long LinesOk, long LinesRejected);
