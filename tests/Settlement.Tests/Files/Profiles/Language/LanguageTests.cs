using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Language;

/// <summary>Each mechanism of the profile language on a report of its own, read as ingestion reads it.</summary>
public sealed class LanguageTests
{
    private static readonly Currency Eur = Currency.Eur;

    [Fact]
    public async Task A_statement_in_sections_reads_each_layout_with_its_own_header_and_carries_the_currency_and_the_payout_down()
    {
        var report = await LanguageFiles.ReadAsync("statement.csv", "statement");

        Assert.Equal((FileKind.Settlement, "acme-statement"), (report.Kind, report.Source));
        Assert.Empty(report.Errors);
        Assert.Equal(
            [
                ("PO-1", SettlementRecordType.Payout, 9640L, "PO-1"),
                ("T-1|payment", SettlementRecordType.Settled, 5000L, "PO-1"),
                ("T-1|fee", SettlementRecordType.Fee, 100L, "PO-1"),
                ("T-2|payment", SettlementRecordType.Settled, 5000L, "PO-1"),
                ("T-2|fee", SettlementRecordType.Fee, 110L, "PO-1"),
                ("T-4|payment", SettlementRecordType.Refunded, 150L, "PO-1"),
                ("PO-2", SettlementRecordType.Payout, 2000L, "PO-2"),
                ("T-5|payment", SettlementRecordType.Settled, 2000L, "PO-2"),
            ],
            report.Settlement.Select(line => (line.LineId, line.RecordType, line.Gross.MinorUnits, line.BatchId)));
        Assert.All(report.Settlement, line => Assert.Equal(Eur, line.Gross.Currency));

        // Two "Total" rows (skip) and the row with an empty type (blank: ignore); blank rows, the preamble and the
        // repeated header are not rows of any section.
        Assert.Equal(3L, report.Ignored);
    }

    [Fact]
    public async Task A_line_that_needs_a_value_no_row_above_carried_says_which_value_and_how_it_is_set()
    {
        var text = await File.ReadAllTextAsync(LanguageFiles.PathOf("statement.csv"), TestContext.Current.CancellationToken);
        var withoutCurrency = text.Replace("\"Currency\";\"EUR\";\r\n", string.Empty, StringComparison.Ordinal);

        var report = await SampleReports.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(withoutCurrency)), LanguageFiles.WithShipped("statement").All);

        Assert.Empty(report.Lines);
        Assert.Equal(
            "no row above this one set the carried value 'currency' (a carry rule of the profile sets it from the rows it finds); it is required (the currency of Payout Amount)",
            report.Errors[0].Reason);
    }

    [Fact]
    public async Task A_eur_only_report_takes_a_constant_currency_a_sign_column_and_a_date_written_once_above_the_data()
    {
        var report = await LanguageFiles.ReadAsync("direct-debits.tsv", "direct-debits", new FileIdentity("dd.tsv", "abcdef0123456789abcdef"));

        Assert.Empty(report.Errors);
        Assert.Equal(
            [
                (SettlementRecordType.Settled, 2500L),
                (SettlementRecordType.Refunded, 500L),
                (SettlementRecordType.Fee, 35L),

                // A fee given back is a FEE line of the other direction: a credit.
                (SettlementRecordType.Fee, -10L),
            ],
            report.Settlement.Select(line => (line.RecordType, line.Gross.MinorUnits)));
        Assert.All(report.Settlement, line => Assert.Equal((Eur, new LocalDate(2026, 11, 24)), (line.Gross.Currency, line.SettlementDate)));

        // No batch column: the file is the batch.
        Assert.All(report.Settlement, line => Assert.Equal("file:abcdef012345", line.BatchId));
    }

    [Fact]
    public async Task Extra_decimals_are_rounded_only_as_the_profile_says_and_the_line_records_it()
    {
        var report = await LanguageFiles.ReadAsync("precision.csv", "precision");
        var sale = report.Settlement.Single(line => line.LineId == "P1");

        Assert.Equal((new Money(1235, Currency.Usd), new Money(12, Eur), new Money(976, Eur)), (sale.Gross, sale.Fee!.Value, sale.Net!.Value));
        Assert.Equal("Gross 12.34567 → 12.35 USD (rounded half-even); Fee 0.125 → 0.12 EUR (rounded half-even)", sale.Rounding);

        // Zeros past the currency's decimals are exact: nothing to round, nothing recorded.
        Assert.Null(report.Settlement.Single(line => line.LineId == "R3").Rounding);

        // The net has no rounding rule: its extra decimal is an error, never a silent round.
        var error = report.Errors.Single(e => e.LineNumber == 7);
        Assert.Equal(("Net Credit", "amount '3.995' has 3 decimals; EUR allows 2 (a profile may say how to round it: rounding)"), (error.Column, error.Reason));
    }

    [Fact]
    public async Task Signed_amounts_keep_their_direction_relative_to_the_record_so_net_is_gross_times_rate_less_fee()
    {
        var report = await LanguageFiles.ReadAsync("precision.csv", "precision");
        var lines = report.Settlement.ToDictionary(line => line.LineId);

        // A refund on which the acquirer charged a fee: the fee adds to what the refund takes.
        Assert.Equal((2000L, -30L, 1630L), (lines["R2"].Gross.MinorUnits, lines["R2"].Fee!.Value.MinorUnits, lines["R2"].Net!.Value.MinorUnits));

        // A refund whose fee the acquirer gave back: the fee lessens what the refund takes.
        Assert.Equal((1000L, 20L, 780L), (lines["R3"].Gross.MinorUnits, lines["R3"].Fee!.Value.MinorUnits, lines["R3"].Net!.Value.MinorUnits));
        foreach (var line in new[] { lines["P1"], lines["R2"], lines["R3"] })
        {
            Assert.Equal(line.Net!.Value.MinorUnits, decimal.Round(line.Gross.MinorUnits * line.ExchangeRate!.Value) - line.Fee!.Value.MinorUnits);
        }

        // A fee credited on its own line.
        Assert.Equal((SettlementRecordType.Fee, -50L, -50L), (lines["F4"].RecordType, lines["F4"].Gross.MinorUnits, lines["F4"].Net!.Value.MinorUnits));
    }

    [Fact]
    public async Task A_gross_of_the_wrong_direction_for_its_record_type_is_a_line_error_not_a_silent_flip()
    {
        var report = await LanguageFiles.ReadAsync("precision.csv", "precision");

        var error = report.Errors.Single(e => e.LineNumber == 6);
        Assert.Equal(("Gross", "Gross moves money from the merchant, but a SETTLED line moves it to the merchant: map this row to another type"), (error.Column, error.Reason));
    }

    [Fact]
    public async Task An_fx_rate_written_the_other_way_round_is_inverted_and_a_batch_can_be_the_settlement_date()
    {
        var report = await LanguageFiles.ReadAsync("precision.csv", "precision");
        var sale = report.Settlement.Single(line => line.LineId == "P1");

        Assert.Equal((0.8m, Eur, "2026-11-24"), (sale.ExchangeRate!.Value, sale.SettlementCurrency!, sale.BatchId));
    }

    [Fact]
    public async Task Implied_decimals_that_ignore_iso_4217_read_jpy_in_yen_and_a_yen_fraction_is_an_error()
    {
        var report = await LanguageFiles.ReadAsync("implied-decimals.psv", "implied-decimals");

        Assert.Equal(
            [(new Money(1500, Currency.Jpy)), new Money(1250, Eur)],
            report.Settlement.Select(line => line.Gross));
        var error = Assert.Single(report.Errors);
        Assert.Equal((4L, "AMOUNT_MINOR"), (error.LineNumber, error.Column));
        Assert.StartsWith("amount '150050' has 2 decimals; JPY allows 0", error.Reason, StringComparison.Ordinal);

        // The trailer-like T row is another record type: ignored, not an error.
        Assert.Equal(1L, report.Ignored);
    }

    [Fact]
    public async Task A_headerless_fixed_width_file_is_read_by_record_codes_with_values_from_its_header_record_and_its_trailer_checked()
    {
        await using var stream = File.OpenRead(LanguageFiles.PathOf("fixed-width.txt"));
        var opened = await AcquirerFileReader.OpenAsync(stream, LanguageFiles.WithShipped("fixed-width").ReadOptions(FileIdentity.Unknown), TestContext.Current.CancellationToken);
        await using var file = Assert.IsType<Reconciliation.Files.Profiles.ProfiledFile>(opened.Value);
        var lines = new List<SettlementLine>();
        await foreach (var line in file.ReadLinesAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(Assert.IsType<SettlementLine>(line.Value));
        }

        Assert.Equal(
            [
                ("20261124|000001", SettlementRecordType.Settled, "PAY-0001", 12500L),
                ("20261124|000002", SettlementRecordType.Refunded, "PAY-0002", 500L),
                ("20261124|000003", SettlementRecordType.Settled, "PAY-0003", 1999L),
            ],
            lines.Select(line => (line.LineId, line.RecordType, line.PaymentId!, line.Gross.MinorUnits)));
        Assert.All(lines, line => Assert.Equal((Eur, "2026-11-24"), (line.Gross.Currency, line.BatchId)));
        Assert.Equal("line 5: 3 records, total 149.99 — as read", Assert.Single(file.TrailerChecks));
    }

    [Fact]
    public async Task A_trailer_that_disagrees_with_the_data_and_a_missing_trailer_are_line_errors_and_the_lines_read_are_kept()
    {
        var full = await File.ReadAllTextAsync(LanguageFiles.PathOf("fixed-width.txt"), TestContext.Current.CancellationToken);
        var profiles = LanguageFiles.WithShipped("fixed-width");
        var withoutLastDetail = full.Replace("DTL000003SALE  PAY-0003  00000001999\n", string.Empty, StringComparison.Ordinal);
        var cut = full[..full.IndexOf("DTL000003", StringComparison.Ordinal)];

        var disagreeing = await SampleReports.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(withoutLastDetail)), profiles.All);
        var truncated = await SampleReports.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(cut)), profiles.All);

        Assert.Equal(2, disagreeing.Lines.Count);
        Assert.Equal(
            "trailer does not agree with the data: it announces 3 records, 2 were read since the start; it announces a total of 149.99 for positions 26-36, the rows read since the start add up to 130; the file may be incomplete",
            Assert.Single(disagreeing.Errors).Reason);
        Assert.Equal(2, truncated.Lines.Count);
        Assert.Equal((3L, "the file has no trailer record: it may have been cut short (the lines before were read)"), (Assert.Single(truncated.Errors).LineNumber, truncated.Errors[0].Reason));
    }

    [Fact]
    public async Task A_gateway_transaction_export_maps_to_the_transactions_kind_with_statuses_as_result_codes()
    {
        var report = await LanguageFiles.ReadAsync("orchestrator-transactions.csv", "orchestrator-transactions");
        var lines = report.Lines.Cast<TransactionLine>().ToDictionary(line => line.PaymentId);

        Assert.Equal(FileKind.Transactions, report.Kind);
        Assert.Equal(
            (TransactionType.PreAuthorization, AuthorizationKind.Pre, "000.000.000", new Money(8000, Eur), "4242", "VISA"),
            (lines["ot_1"].Type, lines["ot_1"].AuthorizationKind!.Value, lines["ot_1"].ResultCode, lines["ot_1"].Amount, lines["ot_1"].CardLast4!, lines["ot_1"].CardBrand!));
        Assert.Equal((TransactionType.Capture, "ot_1"), (lines["ot_2"].Type, lines["ot_2"].ReferencedId!));
        Assert.Equal(("MASTER", "800.100.100"), (lines["ot_3"].CardBrand!, lines["ot_5"].ResultCode));

        // Local time in Amsterdam (UTC+1 in November).
        Assert.Equal(Instant.FromUtc(2026, 11, 20, 9, 0), lines["ot_1"].Timestamp);
        Assert.Equal(
            [(7L, "parent_id"), (8L, "type")],
            report.Errors.Select(error => (error.LineNumber, error.Column!)));
    }

    [Fact]
    public async Task A_dispute_status_export_stands_for_the_events_each_status_implies_dated_by_the_case_opening()
    {
        var first = await LanguageFiles.ReadAsync("dispute-status-1.csv", "dispute-status");
        var second = await LanguageFiles.ReadAsync("dispute-status-2.csv", "dispute-status");

        Assert.Equal(
            [("dp_1", ChargebackEventType.Chargeback), ("dp_2", ChargebackEventType.RetrievalRequest)],
            first.Chargebacks.Select(e => (e.DisputeId, e.Event)));
        Assert.Equal(
            [
                ("dp_1", ChargebackEventType.Chargeback, new LocalDate(2026, 11, 18)),
                ("dp_1", ChargebackEventType.ChargebackReversal, new LocalDate(2026, 11, 18)),
                ("dp_2", ChargebackEventType.Chargeback, new LocalDate(2026, 11, 19)),
                ("dp_3", ChargebackEventType.Chargeback, new LocalDate(2026, 11, 25)),
            ],
            second.Chargebacks.Select(e => (e.DisputeId, e.Event, e.EventDate)));
        var inquiry = first.Chargebacks.Single(e => e.DisputeId == "dp_2");
        Assert.Equal(("MASTER", "4853", new LocalDate(2026, 11, 29), (Money?)null), (inquiry.Scheme!, inquiry.ReasonCode!, inquiry.ReplyBy!.Value, inquiry.Amount));
    }
}
