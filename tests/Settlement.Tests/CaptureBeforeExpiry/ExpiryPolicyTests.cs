using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Tests.CaptureBeforeExpiry;

/// <summary>The expiry policy table: windows per brand, kind, MCC group and initiator; configuration over defaults; DST.</summary>
public sealed class ExpiryPolicyTests
{
    private static readonly Instant Authorized = Instant.FromUtc(2026, 6, 1, 12, 0);
    private static readonly ExpiryPolicy Policy = ExpiryPolicy.Default(DateTimeZone.Utc);

    [Theory]
    [InlineData("VISA", "final", null, "customer", 7)]
    [InlineData("VISA", "pre", null, "merchant", 5)]
    [InlineData("MASTER", "final", null, "customer", 7)]
    [InlineData("MASTER", "pre", null, "customer", 30)]
    [InlineData("MASTER", "estimated", null, "merchant", 30)]
    [InlineData("MASTER", "incremental", null, "customer", 30)]
    [InlineData("AMEX", "pre", null, "customer", 7)]
    [InlineData("DISCOVER", "final", null, "customer", 7)]
    [InlineData("JCB", "pre", null, "customer", 7)]
    [InlineData(null, "final", null, "customer", 7)]
    [InlineData("VISA", "estimated", "7011", "customer", 30)]
    [InlineData("VISA", "pre", "3650", "merchant", 30)]
    [InlineData("AMEX", "pre", "7512", "customer", 30)]
    [InlineData("DISCOVER", "pre", "3400", "customer", 30)]
    [InlineData("VISA", "pre", "5411", "customer", 7)]
    public void The_default_window_follows_brand_kind_mcc_and_initiator(string? brand, string kind, string? mcc, string initiator, int days)
    {
        var expiry = Policy.ExpiryOf(Authorized, Details(brand, kind, mcc, initiator));

        Assert.Equal(Authorized + Duration.FromDays(days), expiry.ExpiresAt);
        Assert.Equal(days, expiry.Rule!.ValidityDays);
        Assert.Contains($"{days} days", expiry.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expiry_recorded_on_the_payment_wins_over_the_table_and_says_so()
    {
        var recorded = Authorized + Duration.FromDays(3);

        var expiry = Policy.ExpiryOf(Authorized, Details("MASTER", "pre", null, "customer") with { ExpiresAt = recorded });

        Assert.Equal(recorded, expiry.ExpiresAt);
        Assert.Null(expiry.Rule);
        Assert.Equal("expires_at recorded on the payment", expiry.Source);
    }

    [Fact]
    public void A_configured_row_replaces_the_default_with_the_same_criteria_and_leaves_the_others()
    {
        var policy = ExpiryPolicy.Create(
            [new ExpiryRule("VISA", null, null, Initiator.Merchant, 3)], [], Duration.FromHours(24), DateTimeZone.Utc).Value;

        Assert.Equal(3, policy.RuleFor(Details("VISA", "pre", null, "merchant")).ValidityDays);
        Assert.Equal(7, policy.RuleFor(Details("VISA", "pre", null, "customer")).ValidityDays);
        Assert.Single(policy.Rules, rule => rule.Criteria == ("VISA", null, null, Initiator.Merchant));
    }

    [Fact]
    public void A_configured_mcc_group_replaces_the_default_group_of_that_name()
    {
        var policy = ExpiryPolicy.Create([], [new MccGroup("lodging", [new MccRange(7011, 7011)])], Duration.FromHours(24), DateTimeZone.Utc).Value;

        Assert.Equal("lodging", policy.MccGroupOf("7011"));
        Assert.Null(policy.MccGroupOf("3650"));
    }

    [Fact]
    public void A_row_naming_an_unknown_mcc_group_is_refused_with_the_known_groups()
    {
        var error = ExpiryPolicy.Create([new ExpiryRule(null, null, "cruise", null, 14)], [], Duration.FromHours(24), DateTimeZone.Utc).Error;

        Assert.Contains("no MCC group 'cruise'", error, StringComparison.Ordinal);
        Assert.Contains("car-rental, lodging", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_no_validity_is_refused()
    {
        var error = ExpiryPolicy.Create([new ExpiryRule("VISA", null, null, null, 0)], [], Duration.FromHours(24), DateTimeZone.Utc).Error;

        Assert.Contains("at least 1 day", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reverse_row_makes_the_matching_payments_reverse()
    {
        var policy = ExpiryPolicy.Create(
            [new ExpiryRule("AMEX", AuthorizationKind.Pre, null, null, 7, ExpiryAction.Reverse)], [], Duration.FromHours(24), DateTimeZone.Utc).Value;

        Assert.Equal(ExpiryAction.Reverse, policy.ExpiryOf(Authorized, Details("AMEX", "pre", null, "customer")).Action);
        Assert.Equal(ExpiryAction.Capture, policy.ExpiryOf(Authorized, Details("AMEX", "final", null, "customer")).Action);
    }

    [Fact]
    public void Across_the_spring_dst_change_seven_days_end_at_the_same_local_time_an_hour_before_168_hours()
    {
        // Europe/Berlin springs forward on 2026-03-29: 10:00 CET on the 25th is 09:00Z, 10:00 CEST on 1 April is 08:00Z.
        var policy = ExpiryPolicy.Default(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        var authorized = Instant.FromUtc(2026, 3, 25, 9, 0);

        var expiry = policy.ExpiryOf(authorized, Details("VISA", "pre", null, "customer"));

        Assert.Equal(Instant.FromUtc(2026, 4, 1, 8, 0), expiry.ExpiresAt);
    }

    [Fact]
    public void Across_the_autumn_dst_change_seven_days_are_never_more_than_168_hours()
    {
        // Europe/Berlin falls back on 2026-10-25: the same local time 7 days on would be 169 hours; the earlier reading wins.
        var policy = ExpiryPolicy.Default(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        var authorized = Instant.FromUtc(2026, 10, 22, 8, 0);

        var expiry = policy.ExpiryOf(authorized, Details("VISA", "pre", null, "customer"));

        Assert.Equal(authorized + Duration.FromDays(7), expiry.ExpiresAt);
    }

    internal static PaymentDetails Details(string? brand, string kind, string? mcc, string initiator) => new()
    {
        CardBrand = brand,
        AuthorizationKind = AuthorizationKindCode.FromStored(kind),
        MerchantCategoryCode = mcc,
        InitiatedBy = InitiatorCode.FromStored(initiator),
    };
}
