namespace Settlement.Reconciliation.RemoteSources;

/// <summary>One data file of a listing and what the run does with it; its done marker, when the source writes markers and it is listed.</summary>
public sealed record PlannedFile(RemoteEntry Entry, FetchDecision Decision, RemoteEntry? Marker);
