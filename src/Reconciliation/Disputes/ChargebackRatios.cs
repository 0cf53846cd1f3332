using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// The chargeback ratio per card brand per month. A month's chargebacks (first chargebacks by the date of their event:
/// a second chargeback is the same dispute again, a retrieval request moves no money) are set against the sales settled
/// in the same month (settlement lines <c>SETTLED</c>, by settlement date). Schemes count their programmes each in
/// their own way — some against the previous month's sales, some with a minimum number of chargebacks — so the
/// thresholds are configuration, and this ratio is the early warning, not the scheme's verdict.
/// </summary>
public static class ChargebackRatios
{
    public static IReadOnlyList<ChargebackRatio> Of(IEnumerable<BrandMonthVolume> settled, IEnumerable<BrandMonthVolume> chargebacks, RatioThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(chargebacks);
        ArgumentNullException.ThrowIfNull(thresholds);
        var sales = Grouped(settled);
        var disputed = Grouped(chargebacks);
        return [.. sales.Keys.Union(disputed.Keys)
            .Select(key => RatioOf(key.Brand, key.Month, sales.GetValueOrDefault(key) ?? [], disputed.GetValueOrDefault(key) ?? [], thresholds.For(key.Brand)))
            .OrderByDescending(ratio => ratio.Month)
            .ThenBy(ratio => ratio.Brand, StringComparer.Ordinal)];
    }

    private static Dictionary<(string Brand, YearMonth Month), List<BrandMonthVolume>> Grouped(IEnumerable<BrandMonthVolume> volumes) =>
        volumes.GroupBy(volume => (Brand: CardBrand.Of(volume.WrittenBrand), volume.Month)).ToDictionary(group => group.Key, group => group.ToList());

    private static ChargebackRatio RatioOf(string brand, YearMonth month, List<BrandMonthVolume> sales, List<BrandMonthVolume> chargebacks, RatioThreshold threshold)
    {
        var settledCount = sales.Sum(volume => volume.Count);
        var chargebackCount = chargebacks.Sum(volume => volume.Count);
        var byAmount = sales.Select(volume => volume.Total.Currency).Union(chargebacks.Select(volume => volume.Total.Currency))
            .OrderBy(currency => currency.Code, StringComparer.Ordinal)
            .Select(currency =>
            {
                var settledTotal = Total(sales, currency);
                var chargedBack = Total(chargebacks, currency);
                return new AmountRatio(settledTotal, chargedBack, Share(chargedBack.MinorUnits, settledTotal.MinorUnits));
            })
            .ToList();
        var ratio = new ChargebackRatio(brand, month, settledCount, chargebackCount, Share(chargebackCount, settledCount), byAmount, threshold, RatioLevel.Below);
        return ratio with
        {
            // Chargebacks with no settled sale at all in the month are over any threshold: there is nothing to dilute them.
            Level = ratio.WorstRatio is { } worst ? threshold.LevelOf(worst) : chargebackCount > 0 ? RatioLevel.Over : RatioLevel.Below,
        };
    }

    private static Money Total(IEnumerable<BrandMonthVolume> volumes, Currency currency) =>
        volumes.Where(volume => volume.Total.Currency == currency).Aggregate(Money.Zero(currency), (total, volume) => total + volume.Total);

    private static decimal? Share(long part, long whole) => whole > 0 ? (decimal)part / whole : null;
}
