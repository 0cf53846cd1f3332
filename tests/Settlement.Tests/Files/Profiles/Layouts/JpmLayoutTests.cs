using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts;

public sealed class JpmLayoutTests
{
    [Fact]
    public async Task A_dispute_details_preset_report_is_recognised_by_its_summary_block_and_reads_the_details_below_it()
    {
        var report = await LayoutFixtures.ReadAsync("jpm-dispute-details-preset.csv");

        Assert.Equal((FileKind.Chargebacks, "jpm-dispute-details-preset"), (report.Kind, report.Source));
        // Ignored: the 120 summary rows, which push the details header past the first 8 KB.
        Assert.Equal((6, 120L, 1), report.Counts);
        var events = report.Chargebacks.ToDictionary(line => line.LineNumber);
        Assert.Equal([126L, 127, 128, 129, 130, 131], events.Keys.Order());
        Assert.All(events.Values, line => Assert.Equal(ChargebackEventType.Chargeback, line.Event));

        var received = events[126];
        Assert.Equal(("881204511", "ORD-55102", "74987436301123456789012"), (received.DisputeId, received.MerchantTransactionId, received.Arn));
        Assert.Equal((new Money(12540, Currency.Usd), "VISA", "10.4"), (received.Amount!.Value, received.Scheme, received.ReasonCode));
        Assert.Equal((new LocalDate(2026, 11, 20), new LocalDate(2026, 12, 10)), (received.EventDate, received.ReplyBy!.Value));
        // The same case again in the ending inventory: the same event, dated by the case's initiation.
        Assert.Equal((received.DisputeId, received.Event, received.EventDate), (events[127].DisputeId, events[127].Event, events[127].EventDate));

        // Returned to the merchant, written negative; Mastercard's two-digit reason in its four-digit form.
        Assert.Equal((new Money(6000, Currency.Usd), "MASTER", "4853", new LocalDate(2026, 11, 4)), (events[128].Amount!.Value, events[128].Scheme, events[128].ReasonCode, events[128].EventDate));
        Assert.Equal(("881250918", new Money(8499, Currency.Usd), "ECP", "R01", null), (events[129].DisputeId, events[129].Amount!.Value, events[129].Scheme, events[129].ReasonCode, events[129].ReplyBy));
        Assert.Equal(("880612447", new Money(3800, Currency.Usd), "AMEX"), (events[130].DisputeId, events[130].Amount!.Value, events[130].Scheme));
        Assert.Equal((new Money(30350, Currency.Parse("CAD").Value), "F29", new LocalDate(2026, 10, 3)), (events[131].Amount!.Value, events[131].ReasonCode, events[131].EventDate));

        // A spreadsheet turned the order number into 4.41E+13 and the row has no ARN to fall back on.
        var mangled = Assert.Single(report.Errors);
        Assert.Equal((132L, "Merchant Order Number", "4.41E+13"), (mangled.LineNumber, mangled.Column, mangled.Value));
    }

    [Fact]
    public async Task A_pde_17_dispute_report_reads_its_detail_records_and_leaves_the_summary_records()
    {
        var report = await LayoutFixtures.ReadAsync("jpm-pde-17.csv");

        Assert.Equal((FileKind.Chargebacks, "jpm-pde-17"), (report.Kind, report.Source));
        // Ignored: the two summary records.
        Assert.Equal((4, 2L, 1), report.Counts);
        var events = report.Chargebacks.ToDictionary(line => line.LineNumber);
        Assert.Equal([7L, 8, 9, 10], events.Keys.Order());

        var received = events[7];
        Assert.Equal((ChargebackEventType.Chargeback, "992031457", "INV-88120", "74000216300220101234567"), (received.Event, received.DisputeId, received.MerchantTransactionId, received.Arn));
        Assert.Equal((new Money(9725, Currency.Usd), "VISA", "10.4"), (received.Amount!.Value, received.Scheme, received.ReasonCode));
        Assert.Equal((new LocalDate(2026, 11, 9), new LocalDate(2026, 11, 29)), (received.EventDate, received.ReplyBy!.Value));
        // Returned to the merchant (negative, another activity date): the same case and event date.
        Assert.Equal(("992031457", new Money(9725, Currency.Usd), new LocalDate(2026, 11, 9)), (events[8].DisputeId, events[8].Amount!.Value, events[8].EventDate));
        Assert.Equal(("MASTER", "4837"), (events[9].Scheme, events[9].ReasonCode));
        Assert.Equal((ChargebackEventType.RetrievalRequest, new Money(4990, Currency.Usd)), (events[10].Event, events[10].Amount!.Value));

        var date = Assert.Single(report.Errors);
        Assert.Equal((11L, "Dispute Initiate Date", "2026-13-02"), (date.LineNumber, date.Column, date.Value));
    }

    [Fact]
    public async Task A_summary_record_below_the_detail_header_of_a_pde_17_report_is_ignored_not_read_as_a_dispute()
    {
        // A further entity's summary where the fixture has the detail header repeated.
        var report = await LayoutFixtures.ReadWithLineAsync(
            "jpm-pde-17.csv", 12, "\"RPDE0017S\",\"TD\",\"551240\",\"USD\",\"CC\",\"RECD\",\"FIN\",\"1\",\"64.10000000\",\"USD\",\"64.10000000\",\"CB\"");

        Assert.Equal((4, 3L, 1), report.Counts);
    }

    [Fact]
    public async Task The_vendors_published_reports_are_recognised_and_their_spreadsheet_damaged_order_numbers_reported()
    {
        var pde = await SampleReports.ReadFileAsync(SampleReports.RealSamplePath("jpm_chase_PDE-17_DisputeDetail.csv"));
        var preset = await SampleReports.ReadFileAsync(SampleReports.RealSamplePath("jpm_chase_DisputeDetails_Preset.csv"));

        Assert.Equal(("jpm-pde-17", (2, 2L, 0)), (pde.Source, pde.Counts));
        Assert.Equal(new LocalDate(2023, 9, 30), pde.Chargebacks.First().EventDate);
        // Its details header is on line 217, past the first 8 KB; 383 of its 386 rows carry an order number a
        // spreadsheet turned into scientific notation.
        Assert.Equal(("jpm-dispute-details-preset", (3, 213L, 383)), (preset.Source, preset.Counts));
        Assert.All(preset.Errors, error => Assert.Equal("Merchant Order Number", error.Column));
    }
}
