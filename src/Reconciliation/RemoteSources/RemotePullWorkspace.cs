namespace Settlement.Reconciliation.RemoteSources;

/// <summary>Where and as whom this worker instance pulls.</summary>
/// <param name="Instance">This instance's name among those sharing the database (<c>host:pid</c>).</param>
/// <param name="StagingFolder">A local folder for downloads on their way to the intake (a folder per source and file inside).</param>
/// <param name="OwnerIsGone">Tells whether an instance holding a claim is known dead, so its claim is taken over at once.</param>
public sealed record RemotePullWorkspace(string Instance, string StagingFolder, Func<string, bool>? OwnerIsGone = null);
