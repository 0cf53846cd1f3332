using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.CaptureBeforeExpiry;

/// <summary>The sweep's decision for one PA: due or not by the lead time, hold, reverse, final amount, already expired.</summary>
public sealed class CaptureBeforeExpiryDecisionTests
{
    private static readonly Instant Authorized = Instant.FromUtc(2026, 6, 1, 12, 0);
    private static readonly Instant Expires = Authorized + Duration.FromDays(7);
    private static readonly ExpiryPolicy Policy = ExpiryPolicy.Default(DateTimeZone.Utc);

    [Fact]
    public void A_pa_becomes_due_exactly_the_lead_time_before_its_expiry()
    {
        var dueAt = Expires - Duration.FromHours(24);

        var before = Decide(Candidate(), dueAt - Duration.Epsilon);
        var at = Decide(Candidate(), dueAt);

        Assert.IsType<SweepDecision.NotDue>(before);
        var capture = Assert.IsType<SweepDecision.Capture>(at);
        Assert.Equal(dueAt, capture.DueAt);
        Assert.Contains("VISA · any kind · any MCC · customer-initiated: 7 days", capture.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24 * 60, "(24 h ahead)")]
    [InlineData(90, "(90 min ahead)")]
    public void The_reason_says_the_lead_time_as_a_person_writes_it(int leadMinutes, string said)
    {
        var policy = ExpiryPolicy.Create([], [], Duration.FromMinutes(leadMinutes), DateTimeZone.Utc).Value;

        var capture = Assert.IsType<SweepDecision.Capture>(CaptureBeforeExpiryDecision.For(Candidate(), policy, Expires - Duration.FromMinutes(1)));

        Assert.Contains(said, capture.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_lead_time_makes_a_pa_due_earlier()
    {
        var policy = ExpiryPolicy.Create([], [], Duration.FromHours(72), DateTimeZone.Utc).Value;
        var now = Expires - Duration.FromHours(48);

        Assert.IsType<SweepDecision.NotDue>(Decide(Candidate(), now));
        Assert.IsType<SweepDecision.Capture>(CaptureBeforeExpiryDecision.For(Candidate(), policy, now));
    }

    [Fact]
    public void A_due_pa_is_captured_for_its_whole_open_amount()
    {
        var capture = Assert.IsType<SweepDecision.Capture>(Decide(Candidate(), Expires - Duration.FromHours(1)));

        Assert.Equal(Eur(100_00), capture.Amount);
    }

    [Fact]
    public void A_known_lower_final_amount_is_captured_instead_of_the_open_amount()
    {
        var capture = Assert.IsType<SweepDecision.Capture>(Decide(Candidate() with { FinalAmount = Eur(82_50) }, Expires - Duration.FromHours(1)));

        Assert.Equal(Eur(82_50), capture.Amount);
        Assert.Contains("final amount 82.50 EUR", capture.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_amount_above_the_open_amount_captures_the_open_amount_only()
    {
        var capture = Assert.IsType<SweepDecision.Capture>(Decide(Candidate() with { FinalAmount = Eur(120_00) }, Expires - Duration.FromHours(1)));

        Assert.Equal(Eur(100_00), capture.Amount);
    }

    [Fact]
    public void What_is_already_captured_counts_towards_the_final_amount()
    {
        var partly = Candidate() with { OpenAmount = Eur(40_00), Captured = Eur(60_00), FinalAmount = Eur(82_50) };
        var fully = Candidate() with { OpenAmount = Eur(40_00), Captured = Eur(82_50), FinalAmount = Eur(82_50) };

        var capture = Assert.IsType<SweepDecision.Capture>(Decide(partly, Expires - Duration.FromHours(1)));
        var reverse = Assert.IsType<SweepDecision.Reverse>(Decide(fully, Expires - Duration.FromHours(1)));

        Assert.Equal(Eur(22_50), capture.Amount);
        Assert.Contains("captured already", reverse.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_amount_of_zero_releases_the_open_amount()
    {
        var reverse = Assert.IsType<SweepDecision.Reverse>(Decide(Candidate() with { FinalAmount = Eur(0) }, Expires - Duration.FromHours(1)));

        Assert.Equal(Eur(100_00), reverse.OpenAmount);
    }

    [Fact]
    public void A_due_pa_on_hold_is_skipped_with_the_operators_note()
    {
        var held = Assert.IsType<SweepDecision.Held>(Decide(Candidate() with { HoldNote = "customer disputes the stay" }, Expires - Duration.FromHours(1)));

        Assert.Contains("customer disputes the stay", held.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_that_reverses_releases_the_open_amount_instead_of_capturing()
    {
        var policy = ExpiryPolicy.Create(
            [new ExpiryRule("VISA", null, null, Initiator.Customer, 7, ExpiryAction.Reverse)], [], Duration.FromHours(24), DateTimeZone.Utc).Value;

        var decision = CaptureBeforeExpiryDecision.For(Candidate(), policy, Expires - Duration.FromHours(1));

        var reverse = Assert.IsType<SweepDecision.Reverse>(decision);
        Assert.Equal(Eur(100_00), reverse.OpenAmount);
        Assert.Contains("reverses", reverse.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pa_found_past_its_expiry_is_expired_even_when_on_hold()
    {
        var expired = Assert.IsType<SweepDecision.Expired>(Decide(Candidate() with { HoldNote = "wait" }, Expires));

        Assert.Equal(Expires, expired.Expiry.ExpiresAt);
        Assert.Contains("lapsed with 100.00 EUR open", expired.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_expiry_decides_when_the_pa_is_due()
    {
        var recorded = Authorized + Duration.FromDays(2);
        var candidate = Candidate() with { Details = Candidate().Details with { ExpiresAt = recorded } };

        var capture = Assert.IsType<SweepDecision.Capture>(Decide(candidate, recorded - Duration.FromHours(2)));

        Assert.Contains("expires_at recorded on the payment", capture.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Around_a_dst_change_the_due_instant_is_the_lead_time_before_the_local_expiry()
    {
        // Europe/Berlin springs forward on 2026-03-29; the PA expires 2026-04-01 10:00 CEST (08:00Z), due 24 h before.
        var policy = ExpiryPolicy.Default(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        var candidate = Candidate() with { AuthorizedAt = Instant.FromUtc(2026, 3, 25, 9, 0) };
        var dueAt = Instant.FromUtc(2026, 3, 31, 8, 0);

        Assert.IsType<SweepDecision.NotDue>(CaptureBeforeExpiryDecision.For(candidate, policy, dueAt - Duration.FromMinutes(1)));
        Assert.IsType<SweepDecision.Capture>(CaptureBeforeExpiryDecision.For(candidate, policy, dueAt));
        Assert.IsType<SweepDecision.Expired>(CaptureBeforeExpiryDecision.For(candidate, policy, Instant.FromUtc(2026, 4, 1, 8, 0)));
    }

    private static SweepDecision Decide(CaptureCandidate candidate, Instant now) => CaptureBeforeExpiryDecision.For(candidate, Policy, now);

    private static CaptureCandidate Candidate() =>
        new("pa1", Authorized, ExpiryPolicyTests.Details("VISA", "pre", null, "customer"), Eur(100_00), Eur(0), null, null);

    private static Money Eur(long minor) => new(minor, Currency.Eur);
}
