using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// Decides, for one PA with an open amount, whether the sweep acts now: a pure function of the PA, the
/// policy and the clock's now. In order: already lapsed → expired (whatever the hold: the money is gone and a
/// person must know); before its due instant → not due; on hold → held; else the policy's action: capture
/// (up to the final amount when one is known, counting what is already captured; else the whole open amount)
/// or reverse.
/// </summary>
public static class CaptureBeforeExpiryDecision
{
    public static SweepDecision For(CaptureCandidate candidate, ExpiryPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(policy);
        var expiry = policy.ExpiryOf(candidate.AuthorizedAt, candidate.Details);
        var dueAt = expiry.ExpiresAt - policy.LeadTime;
        var id = candidate.PaymentId;
        var when = $"expires {Format(expiry.ExpiresAt)} by {expiry.Source}";
        if (now >= expiry.ExpiresAt)
        {
            return new SweepDecision.Expired(id, candidate.OpenAmount, expiry, dueAt, $"{when}: lapsed with {candidate.OpenAmount} open");
        }

        var due = $"{when}; due from {Format(dueAt)} ({Lead(policy.LeadTime)} ahead)";
        if (now < dueAt)
        {
            return new SweepDecision.NotDue(id, expiry, dueAt, $"{due}: not due yet");
        }

        if (candidate.HoldNote is { } note)
        {
            return new SweepDecision.Held(id, candidate.OpenAmount, expiry, dueAt, $"{due}: on hold by an operator ({note})");
        }

        if (expiry.Action == ExpiryAction.Reverse)
        {
            return new SweepDecision.Reverse(id, candidate.OpenAmount, expiry, dueAt, $"{due}: the policy reverses, releasing {candidate.OpenAmount}");
        }

        var (amount, which) = AmountToCapture(candidate);
        return amount.IsPositive
            ? new SweepDecision.Capture(id, amount, expiry, dueAt, $"{due}: capture {which}")
            : new SweepDecision.Reverse(id, candidate.OpenAmount, expiry, dueAt, $"{due}: {which}, so the open {candidate.OpenAmount} is released");
    }

    // A final amount above what the PA can still give is a rebill's business, not the sweep's: the sweep takes what
    // it can. What is already captured counts towards the final amount (the final-amount automation may have
    // captured it and failed to reverse the rest), so the sweep never takes more than the final amount in all.
    private static (Money Amount, string Which) AmountToCapture(CaptureCandidate candidate)
    {
        var open = candidate.OpenAmount;
        if (candidate.FinalAmount is not { } final)
        {
            return (open, $"the open amount {open}");
        }

        if (final.Currency != open.Currency)
        {
            return (open, $"the open amount {open} (the final amount {final} is in another currency)");
        }

        var remaining = Money.Max(final - candidate.Captured, Money.Zero(open.Currency));
        if (!remaining.IsPositive)
        {
            return (remaining, $"the final amount {final} is captured already ({candidate.Captured})");
        }

        return remaining < open
            ? (remaining, $"the final amount {final} less {candidate.Captured} captured: {remaining} of {open} open")
            : (open, $"the open amount {open} (final amount {final})");
    }

    private static string Format(Instant instant) => InstantPattern.General.Format(instant);

    // In whole units where it has them ("24 h", "30 min"), as a person writes a lead time, not TimeSpan's "1:0:00:00".
    private static string Lead(Duration lead) =>
        lead.TotalMinutes % 60 == 0 ? $"{lead.TotalHours:0} h"
        : lead.TotalSeconds % 60 == 0 ? $"{lead.TotalMinutes:0} min"
        : $"{lead.TotalSeconds:0.###} s";
}
