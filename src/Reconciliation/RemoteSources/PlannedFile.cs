namespace Settlement.Reconciliation.RemoteSources;

/// <summary>One data file of a listing and what the run does with it; the marker and checksum files that go with it, if listed.</summary>
public sealed record PlannedFile(RemoteEntry Entry, FetchDecision Decision, RemoteEntry? Marker, RemoteEntry? Checksum);
