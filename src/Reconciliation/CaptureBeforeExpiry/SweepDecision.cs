using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>What the capture sweep decides about one PA, and why, in words for the operator.</summary>
/// <param name="PaymentId">The PA.</param>
/// <param name="Expiry">When it lapses, and which rule said so.</param>
/// <param name="DueAt">Its expiry less the lead time: from here on the sweep acts.</param>
/// <param name="Reason">Why, naming the rule and the instants.</param>
public abstract record SweepDecision(string PaymentId, PreAuthorizationExpiry Expiry, Instant DueAt, string Reason)
{
    /// <summary>The code stored in <c>recon.capture_decisions.action</c>.</summary>
    public abstract string Code { get; }

    /// <summary>Not due yet: nothing to do until <see cref="SweepDecision.DueAt"/>.</summary>
    public sealed record NotDue(string Id, PreAuthorizationExpiry Expires, Instant Due, string Why) : SweepDecision(Id, Expires, Due, Why)
    {
        public override string Code => "not_due";
    }

    /// <summary>Capture <paramref name="Amount"/> now, before the PA lapses.</summary>
    public sealed record Capture(string Id, Money Amount, PreAuthorizationExpiry Expires, Instant Due, string Why) : SweepDecision(Id, Expires, Due, Why)
    {
        public override string Code => "capture";
    }

    /// <summary>Release the open amount: the policy says reverse instead of capture.</summary>
    public sealed record Reverse(string Id, Money OpenAmount, PreAuthorizationExpiry Expires, Instant Due, string Why) : SweepDecision(Id, Expires, Due, Why)
    {
        public override string Code => "reverse";
    }

    /// <summary>Due, but an operator put the payment on hold: skipped, this sweep and each next one, until released.</summary>
    public sealed record Held(string Id, Money OpenAmount, PreAuthorizationExpiry Expires, Instant Due, string Why) : SweepDecision(Id, Expires, Due, Why)
    {
        public override string Code => "held";
    }

    /// <summary>Found already lapsed: the open amount is lost; the PA is marked expired and becomes an exception.</summary>
    public sealed record Expired(string Id, Money OpenAmount, PreAuthorizationExpiry Expires, Instant Due, string Why) : SweepDecision(Id, Expires, Due, Why)
    {
        public override string Code => "expired";
    }
}
