namespace Settlement.Reconciliation.RemoteSources;

/// <summary>One remote file a pull (or a check) dealt with, and how.</summary>
/// <param name="Name">The remote file's name.</param>
/// <param name="SizeBytes">Its listed size.</param>
/// <param name="Outcome">
/// <c>processed</c>, <c>duplicate</c>, <c>quarantined</c> (what the intake made of it), <c>would-take</c> (a check),
/// <c>still-writing</c>, <c>awaiting-marker</c>, <c>already-taken</c>, <c>elsewhere</c> (another instance has it),
/// <c>pending</c> (left for the next run) or <c>failed</c>.
/// </param>
/// <param name="Detail">Why, in a few words, where the outcome alone does not say it.</param>
public sealed record PulledFile(string Name, long SizeBytes, string Outcome, string? Detail = null)
{
    /// <summary>The intake has the file now (taken in this run).</summary>
    public bool IsTaken => Outcome is "processed" or "duplicate" or "quarantined";
}
