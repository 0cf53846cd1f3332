using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class StripeDisputesLayoutTests
{
    private const string FirstExport = "stripe-disputes-2026-11-20.csv";
    private const string SecondExport = "stripe-disputes-2026-11-26.csv";

    [Fact]
    public async Task An_export_reads_open_cases_as_chargebacks_and_an_inquiry_as_a_retrieval_request()
    {
        var report = await LayoutFixtures.ReadAsync(FirstExport);

        Assert.Equal((FileKind.Chargebacks, "stripe-disputes"), (report.Kind, report.Source));
        Assert.Equal((3, 1L, 2), report.Counts);
        Assert.Equal(
            [("dp_3LyT2pQm8aKd01", ChargebackEventType.Chargeback), ("dp_3LyT2pQm8aKd02", ChargebackEventType.Chargeback), ("dp_3LyT2pQm8aKd03", ChargebackEventType.RetrievalRequest)],
            report.Chargebacks.Select(line => (line.DisputeId, line.Event)));
        var open = report.Chargebacks.First();
        Assert.Equal(("ch_3LyT2pQm8aKdC01", new Money(6490, Currency.Usd), "10.4", "fraudulent"), (open.PaymentId, open.Amount!.Value, open.ReasonCode, open.ReasonText));
        Assert.Equal((new LocalDate(2026, 11, 18), new LocalDate(2026, 12, 2)), (open.EventDate, open.ReplyBy!.Value));
        Assert.Equal(new Money(12000, Currency.Eur), report.Chargebacks.ElementAt(1).Amount!.Value);
    }

    [Fact]
    public async Task An_amount_the_currency_cannot_hold_and_a_status_the_profile_does_not_know_are_line_errors()
    {
        var report = await LayoutFixtures.ReadAsync(FirstExport);

        Assert.Equal([(6L, "amount"), (7L, "status")], report.Errors.Select(error => (error.LineNumber, error.Column)));
        Assert.Equal("inquiry_escalated", report.Errors[1].Value);
    }

    [Fact]
    public async Task A_won_case_reads_as_its_chargeback_and_its_reversal_both_dated_by_the_opening_of_the_case()
    {
        var first = await LayoutFixtures.ReadAsync(FirstExport);
        var second = await LayoutFixtures.ReadAsync(SecondExport);

        var before = first.Chargebacks.Where(line => line.DisputeId == "dp_3LyT2pQm8aKd01").ToList();
        var after = second.Chargebacks.Where(line => line.DisputeId == "dp_3LyT2pQm8aKd01").ToList();
        Assert.Equal([ChargebackEventType.Chargeback], before.Select(line => line.Event));
        Assert.Equal([ChargebackEventType.Chargeback, ChargebackEventType.ChargebackReversal], after.Select(line => line.Event));
        Assert.All(before.Concat(after), line => Assert.Equal((new LocalDate(2026, 11, 18), new Money(6490, Currency.Usd)), (line.EventDate, line.Amount!.Value)));
    }

    [Fact]
    public async Task A_lost_case_stays_one_chargeback_and_a_closed_inquiry_stays_one_retrieval_request()
    {
        var report = await LayoutFixtures.ReadAsync(SecondExport);

        Assert.Equal((5, 1L, 0), report.Counts);
        Assert.Equal(
            [ChargebackEventType.Chargeback],
            report.Chargebacks.Where(line => line.DisputeId == "dp_3LyT2pQm8aKd02").Select(line => line.Event));
        Assert.Equal(
            [ChargebackEventType.RetrievalRequest],
            report.Chargebacks.Where(line => line.DisputeId == "dp_3LyT2pQm8aKd03").Select(line => line.Event));
        Assert.Equal(new Money(2300, Currency.Jpy), report.Chargebacks.Single(line => line.DisputeId == "dp_3LyT2pQm8aKd06").Amount!.Value);
    }
}
