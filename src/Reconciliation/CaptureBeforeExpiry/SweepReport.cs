using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;

namespace Settlement.Worker.CaptureBeforeExpiry;

/// <summary>What one capture sweep decided and did.</summary>
/// <param name="SweepId">Its row in <c>recon.capture_sweeps</c>; null for a dry run, which records nothing.</param>
/// <param name="Now">The instant it decided at.</param>
/// <param name="Considered">The PAs it looked at (open amount, not decided by an earlier sweep, old enough to be due).</param>
/// <param name="Outcomes">Every PA that is due, held or expired, with the decision and its reason.</param>
/// <param name="Won">The PAs whose decision this sweep recorded; a due PA not in it was taken by an overlapping sweep.</param>
/// <param name="Stranded">Operations of earlier sweeps whose jobs this one enqueued.</param>
/// <param name="Deciding">Loading and deciding.</param>
/// <param name="Recording">Planning against the ledger and recording decisions and operation rows.</param>
/// <param name="Enqueueing">Enqueueing the jobs.</param>
public sealed record SweepReport(
    long? SweepId,
    Instant Now,
    int Considered,
    IReadOnlyList<SweepOutcome> Outcomes,
    IReadOnlySet<string> Won,
    int Stranded,
    Duration Deciding,
    Duration Recording,
    Duration Enqueueing)
{
    public bool DryRun => SweepId is null;

    /// <summary>Outcomes this sweep recorded (all of them in a dry run, where nothing is recorded).</summary>
    public IEnumerable<SweepOutcome> Taken => Outcomes.Where(outcome => DryRun || Won.Contains(outcome.Decision.PaymentId));

    public int Count(string action) => Taken.Count(outcome => outcome.Action == action);

    /// <summary>Due PAs an overlapping sweep decided first.</summary>
    public int TakenByAnotherSweep => DryRun ? 0 : Outcomes.Count(outcome => !Won.Contains(outcome.Decision.PaymentId));

    public string Summary =>
        $"{(DryRun ? "dry run: " : string.Empty)}{Considered} considered: {Count("capture")} capture, {Count("reverse")} reverse, "
        + $"{Count("expired")} expired, {Count("held")} held, {Count("refused")} refused"
        + (TakenByAnotherSweep > 0 ? $", {TakenByAnotherSweep} taken by another sweep" : string.Empty)
        + (Stranded > 0 ? $", {Stranded} stranded jobs enqueued" : string.Empty);
}
