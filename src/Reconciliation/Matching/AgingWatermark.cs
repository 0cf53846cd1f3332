using NodaTime;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// How far missing-settlement aging has checked the legs (a row of <c>recon.nightly_watermarks</c>): every leg
/// processed at or before <see cref="ProcessedThrough"/> whose sequence is at most <see cref="SequenceThrough"/>
/// was checked by some run. <see cref="PendingSequence"/> is the highest sequence a later run saw; it becomes the
/// sequence mark once <see cref="PendingConfirmed"/>: every transaction in flight when it was seen has finished.
/// </summary>
public sealed record AgingWatermark(Instant? ProcessedThrough, long SequenceThrough, long PendingSequence, bool PendingConfirmed)
{
    /// <summary>Before the first run: nothing checked.</summary>
    public static AgingWatermark None { get; } = new(null, 0, 0, PendingConfirmed: true);

    /// <summary>
    /// The mark after a run that checked legs processed up to <paramref name="cutoff"/> (its now less the lag) and
    /// saw sequences up to <paramref name="seenSequence"/> with the snapshot's <paramref name="seenXmax"/>.
    /// </summary>
    public NextAgingWatermark After(Instant cutoff, long seenSequence, long seenXmax)
    {
        // The clock behind the mark (set back): nothing moves until it is past again, so a leg written meanwhile,
        // due by the old clock but not by this one, is still read by sequence once it is due.
        var clockBehind = ProcessedThrough is { } through && cutoff < through;
        var processed = ProcessedThrough is { } earlier && earlier > cutoff ? earlier : cutoff;
        return PendingConfirmed && !clockBehind
            ? new NextAgingWatermark(processed, PendingSequence, seenSequence, seenXmax)
            : new NextAgingWatermark(processed, SequenceThrough, PendingSequence, PendingXmaxKept);
    }

    /// <summary>The pending xmax stays as stored when the pending sequence is not confirmed yet (see <see cref="NextAgingWatermark"/>).</summary>
    internal const long PendingXmaxKept = -1;
}

/// <summary>The watermark a run writes; <see cref="PendingXmax"/> is <see cref="AgingWatermark.PendingXmaxKept"/> to keep the stored one.</summary>
public sealed record NextAgingWatermark(Instant ProcessedThrough, long SequenceThrough, long PendingSequence, long PendingXmax);
