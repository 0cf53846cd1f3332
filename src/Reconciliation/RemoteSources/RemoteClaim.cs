namespace Settlement.Reconciliation.RemoteSources;

/// <summary>The answer to a claim on a listed remote file.</summary>
/// <param name="Outcome">What this instance may do.</param>
/// <param name="Row">The row, now this instance's, when <see cref="RemoteClaimOutcome.Claimed"/>.</param>
/// <param name="TookOverFrom">The instance whose claim was taken over (it died, or its lease ran out), if any.</param>
public sealed record RemoteClaim(RemoteClaimOutcome Outcome, RemoteFileRow? Row = null, string? TookOverFrom = null);

public enum RemoteClaimOutcome
{
    /// <summary>This instance owns the row now and carries it on from its status.</summary>
    Claimed,

    /// <summary>Another live instance is working on it.</summary>
    ClaimedElsewhere,

    /// <summary>Nothing is left to do for it.</summary>
    Finished,
}
