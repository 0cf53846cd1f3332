using NodaTime;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// What a person chasing disputes reads: every case with its deadline, what was won and lost per month, and the
/// chargeback ratio per card brand per month against its thresholds.
/// </summary>
public sealed class DisputeOverview(DisputeOverviewStore store, IClock clock)
{
    /// <param name="zone">The merchant's time zone: it says which day today is, and so how many days are left.</param>
    /// <param name="months">How many months of ratios, this one included.</param>
    /// <param name="thresholds">The ratio thresholds per brand.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<DisputeOverviewReport> ReadAsync(DateTimeZone zone, int months, RatioThresholds thresholds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var from = today.ToYearMonth().OnDayOfMonth(1).PlusMonths(1 - months);
        var cases = DisputeCases.Of(await store.EventsAsync(cancellationToken));
        var ratios = ChargebackRatios.Of(
            await store.SettledSalesAsync(from, cancellationToken), await store.ChargebacksAsync(from, cancellationToken), thresholds);
        return new DisputeOverviewReport(today, cases, DisputeCases.OutcomesByMonth(cases), ratios);
    }
}
