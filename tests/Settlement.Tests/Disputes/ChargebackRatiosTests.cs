using NodaTime;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Disputes;

public sealed class ChargebackRatiosTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly RatioThresholds Thresholds = new(
        new Dictionary<string, RatioThreshold> { ["VISA"] = new(0.0065m, 0.009m), ["Mastercard"] = new(0.01m, 0.015m) },
        new RatioThreshold(0.0075m, 0.01m));

    [Fact]
    public void The_ratio_is_chargebacks_over_settled_sales_by_count_across_currencies_and_by_amount_per_currency()
    {
        var ratio = Assert.Single(ChargebackRatios.Of(
            [Volume("VISA", 150, Eur(1_000_000)), Volume("Visa", 50, Usd(500_000))],
            [Volume("VISA", 1, Eur(20_000))],
            Thresholds));

        Assert.Equal(("VISA", November, 200L, 1L), (ratio.Brand, ratio.Month, ratio.SettledCount, ratio.ChargebackCount));
        Assert.Equal(0.005m, ratio.CountRatio);
        Assert.Equal([new AmountRatio(Eur(1_000_000), Eur(20_000), 0.02m), new AmountRatio(Usd(500_000), Usd(0), 0m)], ratio.ByAmount);
        // The worse of the two decides: 2 % by amount is over Visa's 0.9 %.
        Assert.Equal((0.02m, RatioLevel.Over), (ratio.WorstRatio, ratio.Level));
    }

    [Theory]
    [InlineData(1_000, 6, RatioLevel.Below)]
    [InlineData(1_000, 7, RatioLevel.Warning)]
    [InlineData(1_000, 9, RatioLevel.Over)]
    public void A_month_at_the_warning_level_warns_before_the_threshold_is_crossed(long sales, long chargebacks, RatioLevel expected)
    {
        // Each chargeback disputes one average sale, so the amount ratio equals the count ratio.
        var ratio = Assert.Single(ChargebackRatios.Of([Volume("VISA", sales, Eur(sales * 100))], [Volume("VISA", chargebacks, Eur(chargebacks * 100))], Thresholds));

        Assert.Equal(expected, ratio.Level);
    }

    [Fact]
    public void Each_brand_is_held_to_its_own_threshold_and_brands_not_configured_to_the_others()
    {
        var ratios = ChargebackRatios.Of(
            [Volume("MASTER", 1_000, Eur(100_000)), Volume("AMEX", 1_000, Eur(100_000))],
            [Volume("MASTERCARD", 12, Eur(1_200)), Volume("AMEX", 12, Eur(1_200))],
            Thresholds);

        Assert.Equal(RatioLevel.Warning, ratios.Single(ratio => ratio.Brand == "MASTER").Level);
        Assert.Equal(RatioLevel.Over, ratios.Single(ratio => ratio.Brand == "AMEX").Level);
    }

    [Fact]
    public void Chargebacks_in_a_month_without_settled_sales_are_over_and_a_month_of_sales_alone_is_below()
    {
        var ratios = ChargebackRatios.Of([Volume("VISA", 10, Eur(1_000), new YearMonth(2026, 10))], [Volume("VISA", 1, Eur(100))], Thresholds);

        var november = ratios.Single(ratio => ratio.Month == November);
        Assert.Equal((null, RatioLevel.Over), (november.CountRatio, november.Level));
        Assert.Equal(RatioLevel.Below, ratios.Single(ratio => ratio.Month == new YearMonth(2026, 10)).Level);
        Assert.Equal(November, ratios[0].Month);
    }

    private static Money Eur(long minor) => new(minor, Currency.Eur);

    private static Money Usd(long minor) => new(minor, Currency.Usd);

    private static BrandMonthVolume Volume(string brand, long count, Money total, YearMonth? month = null) => new(brand, month ?? November, count, total);
}
