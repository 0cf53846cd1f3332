using System.Text;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Disputes;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Disputes;

/// <summary>The disputes overview read from ingested files on a real PostgreSQL.</summary>
public sealed class DisputeOverviewTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_overview_lists_the_cases_with_days_left_and_the_ratio_per_brand_per_month_with_the_brand_taken_from_the_ledger_when_a_line_has_none()
    {
        var payment = Guid.NewGuid().ToString("N");
        await IngestAsync("transactions.csv",
            "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_brand,card_bin,card_last4,authorization_kind\n"
            + $"{payment},DB,,ORD-MC,25.00,EUR,2026-11-03T10:00:00Z,000.100.110,MASTERCARD,545454,5454,\n");
        var settlement = new StringBuilder("line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4\n");
        for (var line = 1; line <= 140; line++)
        {
            settlement.Append(System.Globalization.CultureInfo.InvariantCulture, $"STL-{line},2026-11-{1 + (line % 28):00},B-1,SETTLED,,ORD-{line},,10.00,EUR,,,,,VISA,0000\n");
        }

        settlement.Append("STL-MC,2026-11-04,B-1,SETTLED,,ORD-MC,,25.00,EUR,,,,,MASTER,5454\n");
        settlement.Append("STL-OCT,2026-10-20,B-0,SETTLED,,ORD-OCT,,10.00,EUR,,,,,VISA,0000\n");
        await IngestAsync("settlement.csv", settlement.ToString());
        await IngestAsync("chargebacks.csv",
            "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by\n"
            + "DSP-NEAR,CHARGEBACK,2026-11-10,,ORD-7,,10.00,EUR,VISA,10.4,Other Fraud - Card-Absent Environment,2026-11-30\n"
            + $"DSP-MC,CHARGEBACK,2026-11-12,{payment},,,25.00,EUR,,53,Not as described,2026-12-12\n"
            + "DSP-WON,CHARGEBACK,2026-10-02,,ORD-OCT,,10.00,EUR,VISA,13.1,,2026-10-30\n"
            + "DSP-WON,CHARGEBACK_REVERSAL,2026-11-05,,ORD-OCT,,10.00,EUR,VISA,13.1,,\n");
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 28, 9, 0));
        var options = new DisputesOptions();

        var report = await new DisputeOverview(new DisputeOverviewStore(database.DataSource), clock)
            .ReadAsync(DateTimeZone.Utc, options.RatioMonths, options.ToThresholds(), Cancel);

        Assert.Equal(new LocalDate(2026, 11, 28), report.Today);
        var near = report.Cases.Single(item => item.DisputeId == "DSP-NEAR");
        Assert.Equal((ChargebackEventType.Chargeback, "10.4", "Other Fraud - Card-Absent Environment"), (near.Stage, near.ReasonCode, near.ReasonText));
        Assert.Equal(2, near.DaysLeft(report.Today));
        Assert.True(near.IsDeadlineNear(report.Today, options.NearDeadlineDays));
        Assert.Equal("MASTER", report.Cases.Single(item => item.DisputeId == "DSP-MC").Brand);
        Assert.Equal(DisputeOutcome.Won, report.Cases.Single(item => item.DisputeId == "DSP-WON").Outcome);
        Assert.Equal([new MonthlyDisputeOutcomes(new YearMonth(2026, 11), Currency.Eur, 1, new Money(1_000, Currency.Eur), 0, new Money(0, Currency.Eur))], report.Outcomes);

        var visa = report.Ratios.Single(ratio => ratio is { Brand: "VISA", Month: { Year: 2026, Month: 11 } });
        // 1 chargeback on 140 sales: 0.71 %, over Visa's default warning level (0.65 %), under its threshold (0.9 %).
        Assert.Equal((140L, 1L, RatioLevel.Warning), (visa.SettledCount, visa.ChargebackCount, visa.Level));
        var master = report.Ratios.Single(ratio => ratio is { Brand: "MASTER", Month: { Year: 2026, Month: 11 } });
        Assert.Equal((1L, 1L, 1m, RatioLevel.Over), (master.SettledCount, master.ChargebackCount, master.CountRatio, master.Level));
        var october = report.Ratios.Single(ratio => ratio is { Brand: "VISA", Month: { Year: 2026, Month: 10 } });
        Assert.Equal((1L, 1L), (october.SettledCount, october.ChargebackCount));
    }

    public void Dispose() => _folder.Dispose();

    private async Task IngestAsync(string name, string content)
    {
        var result = await _folder.Pipeline().IngestAsync(_folder.Drop(name, content), keepOriginal: false, progress: null, Cancel);
        Assert.Equal(IngestionStatus.Processed, result.Status);
        Assert.Equal(0, result.LinesRejected);
    }
}
