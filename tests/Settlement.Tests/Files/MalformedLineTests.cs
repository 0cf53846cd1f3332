using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files;

/// <summary>Bad lines: each one a <see cref="LineError"/> with its reason, and the good lines around it still parsed.</summary>
public sealed class MalformedLineTests
{
    private const string Good2 = "L2,2026-11-20,B,SETTLED,P-2,,,2.00,EUR,,,,";
    private const string Good4 = "L4,2026-11-20,B,SETTLED,P-4,,,4.00,EUR,,,,";

    private static Task<CanonicalCsv.Outcome> SettlementWithBadThirdLine(string badLine, FileReadOptions? options = null) =>
        CanonicalCsv.ReadAsync($"{CanonicalCsv.SettlementHeader}\n{Good2}\n{badLine}\n{Good4}\n", options);

    private static void AssertGoodLinesKept(CanonicalCsv.Outcome outcome) =>
        Assert.Equal(["L2", "L4"], outcome.Lines.Cast<SettlementLine>().Select(line => line.LineId));

    [Fact]
    public async Task An_amount_with_more_decimals_than_its_currency_allows_is_a_line_error_with_the_money_reason()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B,SETTLED,P-3,,,12.345,EUR,,,,");

        AssertGoodLinesKept(outcome);
        Assert.Equal(new LineError(3, "gross_amount", "12.345", "amount '12.345' has 3 decimals; EUR allows 2"), outcome.SingleError);
    }

    [Fact]
    public async Task A_negative_amount_is_a_line_error_since_direction_comes_from_the_record_type()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B,REFUNDED,P-3,,,-5.00,EUR,,,,");

        AssertGoodLinesKept(outcome);
        var error = outcome.SingleError;
        Assert.Equal(("gross_amount", "-5.00"), (error.Column, error.Value));
        Assert.Contains("negative", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_currency_is_a_line_error_naming_the_code()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B,SETTLED,P-3,,,5.00,EUX,,,,");

        AssertGoodLinesKept(outcome);
        Assert.Equal(new LineError(3, "transaction_currency", "EUX", "unknown currency 'EUX'"), outcome.SingleError);
    }

    [Theory]
    [InlineData("arn", "L3,2026-11-20,B,SETTLED,,,1.23E+22,5.00,EUR,,,,", "1.23E+22")]
    [InlineData("payment_id", "L3,2026-11-20,B,SETTLED,8.5e+21,,,5.00,EUR,,,,", "8.5e+21")]
    [InlineData("line_id", "4.1E+15,2026-11-20,B,SETTLED,P-3,,,5.00,EUR,,,,", "4.1E+15")]
    public async Task An_identifier_mangled_into_scientific_notation_is_a_line_error_for_that_column(string column, string line, string value)
    {
        var outcome = await SettlementWithBadThirdLine(line);

        AssertGoodLinesKept(outcome);
        Assert.Equal(
            new LineError(3, column, value, $"{column} '{value}' was mangled into scientific notation by a spreadsheet; identifiers must be kept as text"),
            outcome.SingleError);
    }

    [Fact]
    public async Task A_line_with_the_wrong_number_of_fields_is_a_line_error_and_the_next_lines_go_on()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B,SETTLED,P-3,,,5.00,EUR,,,,,extra");

        AssertGoodLinesKept(outcome);
        var error = outcome.SingleError;
        Assert.Equal((3L, (string?)null), (error.LineNumber, error.Column));
        Assert.Equal("line has 14 fields; the header has 13", error.Reason);
    }

    [Fact]
    public async Task A_last_line_cut_off_without_a_line_break_is_reported_as_truncated()
    {
        var outcome = await CanonicalCsv.ReadAsync($"{CanonicalCsv.SettlementHeader}\n{Good2}\nL3,2026-11-20,B,SETT");

        Assert.Equal(["L2"], outcome.Lines.Cast<SettlementLine>().Select(line => line.LineId));
        var error = outcome.SingleError;
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("truncated last line: 4 of 13 fields and no line break at the end of the file", error.Reason);
    }

    [Fact]
    public async Task A_last_line_cut_off_inside_a_quoted_field_is_reported_as_truncated()
    {
        var outcome = await CanonicalCsv.ReadAsync($"{CanonicalCsv.SettlementHeader}\n{Good2}\nL3,2026-11-20,\"B-");

        Assert.Equal(["L2"], outcome.Lines.Cast<SettlementLine>().Select(line => line.LineId));
        Assert.Equal(
            (3L, "truncated last line: a quoted field is not closed when the file ends"),
            (outcome.SingleError.LineNumber, outcome.SingleError.Reason));
    }

    [Fact]
    public async Task A_short_line_in_the_middle_is_a_field_count_error_not_a_truncation()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B");

        AssertGoodLinesKept(outcome);
        Assert.Equal("line has 3 fields; the header has 13", outcome.SingleError.Reason);
    }

    [Fact]
    public async Task A_stray_quote_is_reported_as_an_unbalanced_quote_not_silently_recovered()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,B\"7,SETTLED,P-3,,,5.00,EUR,,,,");

        AssertGoodLinesKept(outcome);
        var error = outcome.SingleError;
        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("unbalanced quote", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_is_reported_on_its_line_and_does_not_swallow_the_lines_after_it()
    {
        var outcome = await SettlementWithBadThirdLine("L3,2026-11-20,\"B,SETTLED,P-3,,,5.00,EUR,,,,");

        AssertGoodLinesKept(outcome);
        var error = outcome.SingleError;
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("unbalanced quote: the quoted field opened on this line is never closed", error.Reason);
    }

    [Fact]
    public async Task A_quote_closed_by_a_later_lines_quote_reports_the_opening_line_and_reads_the_others_alone()
    {
        var csv = $"{CanonicalCsv.SettlementHeader}\n{Good2}\nL3,2026-11-20,\"B,SETTLED,P-3,,,5.00,EUR,,,,\n{Good4}\nL5,2026-11-20,\"B\",SETTLED,P-5,,,5.00,EUR,,,,\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal(["L2", "L4", "L5"], outcome.Lines.Cast<SettlementLine>().Select(line => line.LineId));
        Assert.Equal(3, outcome.SingleError.LineNumber);
        Assert.StartsWith("unbalanced quote", outcome.SingleError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_100_kB_line_is_accepted_when_valid_and_the_field_limit_allows_it_and_the_following_lines_are_read()
    {
        var reason = new string('x', 100 * 1024);
        var csv = "dispute_id,event,event_date,payment_id,amount,currency,reason_text\n"
            + "D-1,CHARGEBACK,2026-11-20,P-1,1.00,EUR,short\n"
            + $"D-2,CHARGEBACK,2026-11-20,P-2,2.00,EUR,\"{reason}\"\n"
            + "D-3,CHARGEBACK,2026-11-20,P-3,3.00,EUR,short\n";

        var outcome = await CanonicalCsv.ReadAsync(csv, new FileReadOptions { MaxFieldLength = 200 * 1024 });

        Assert.Empty(outcome.Errors);
        var events = outcome.Lines.Cast<ChargebackEvent>().ToArray();
        Assert.Equal(["D-1", "D-2", "D-3"], events.Select(e => e.DisputeId));
        Assert.Equal(reason.Length, events[1].ReasonText!.Length);
    }

    [Fact]
    public async Task A_field_longer_than_the_limit_is_a_line_error_naming_its_column_and_the_following_lines_are_read()
    {
        var reason = new string('x', FileReadOptions.DefaultMaxFieldLength + 1);
        var csv = "dispute_id,event,event_date,payment_id,amount,currency,reason_text\n"
            + "D-1,CHARGEBACK,2026-11-20,P-1,1.00,EUR,short\n"
            + $"D-2,CHARGEBACK,2026-11-20,P-2,2.00,EUR,\"{reason}\"\n"
            + "D-3,CHARGEBACK,2026-11-20,P-3,3.00,EUR,short\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        var error = Assert.Single(outcome.Errors);
        Assert.Equal((3L, "reason_text", null), (error.LineNumber, error.Column, error.Value));
        Assert.StartsWith("reason_text is longer than 4096 characters", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["D-1", "D-3"], outcome.Lines.Cast<ChargebackEvent>().Select(e => e.DisputeId));
    }

    [Fact]
    public async Task A_field_of_megabytes_is_cut_before_the_reader_holds_it_and_reported_on_its_own_line()
    {
        // Far past the record limit: the reader never sees the whole field, only the line's error.
        var huge = new string('x', 3 << 20);
        var csv = "dispute_id,event,event_date,payment_id,amount,currency,reason_text\n"
            + $"D-1,CHARGEBACK,2026-11-20,P-1,1.00,EUR,\"{huge}\"\n"
            + $"D-2,CHARGEBACK,2026-11-20,P-2,2.00,EUR,{huge}\n"
            + "D-3,CHARGEBACK,2026-11-20,P-3,3.00,EUR,short\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal([(2L, "reason_text"), (3L, "reason_text")], outcome.Errors.Select(error => (error.LineNumber, error.Column)));
        Assert.Equal("D-3", Assert.Single(outcome.Lines.Cast<ChargebackEvent>()).DisputeId);
    }

    [Fact]
    public async Task A_100_kB_line_that_is_invalid_is_one_short_error_and_the_following_lines_are_read()
    {
        var garbage = new string('9', 100 * 1024);
        var outcome = await SettlementWithBadThirdLine($"L3,2026-11-20,B,SETTLED,P-3,,,{garbage},EUR,,,,", new FileReadOptions { MaxFieldLength = 200 * 1024 });

        AssertGoodLinesKept(outcome);
        var error = outcome.SingleError;
        Assert.Equal("gross_amount", error.Column);
        Assert.True(error.Value!.Length <= 201, "the echoed value is cut");
        Assert.True(error.Reason.Length < 200, "the reason is short");
    }

    [Theory]
    [InlineData("L3,2026-11-20,B,SETLED,P-3,,,5.00,EUR,,,,", "record_type", "record_type 'SETLED' is not one of ADJUSTMENT, CHARGEBACK, CHARGEBACK_REVERSED, FEE, PAYOUT, REFUNDED, SETTLED")]
    [InlineData("L3,20/11/2026,B,SETTLED,P-3,,,5.00,EUR,,,,", "settlement_date", "settlement_date '20/11/2026' is not a date YYYY-MM-DD")]
    [InlineData("L3,2026-11-20,B,SETTLED,,,,5.00,EUR,,,,", null, "a line needs at least one of payment_id, merchant_transaction_id, arn")]
    [InlineData("L3,2026-11-20,B,SETTLED,P-3,,,5.00,EUR,,1.2.3,,", "exchange_rate", "exchange_rate '1.2.3' is not a positive decimal number such as 1.0834")]
    public async Task A_bad_value_is_a_line_error_naming_the_column_and_why(string line, string? column, string reason)
    {
        var outcome = await SettlementWithBadThirdLine(line);

        AssertGoodLinesKept(outcome);
        Assert.Equal((column, reason), (outcome.SingleError.Column, outcome.SingleError.Reason));
    }

    [Fact]
    public async Task A_card_last4_that_is_not_four_digits_is_a_line_error_and_a_full_card_number_there_is_masked()
    {
        var outcome = await CanonicalCsv.ReadAsync(
            "line_id,settlement_date,record_type,payment_id,gross_amount,transaction_currency,card_last4\n"
            + "L2,2026-11-20,SETTLED,P-2,1.00,EUR,1234\n"
            + "L3,2026-11-20,SETTLED,P-3,1.00,EUR,4111111111111111\n"
            + "L4,2026-11-20,SETTLED,P-4,1.00,EUR,12a4\n");

        Assert.Equal("1234", Assert.Single(outcome.Lines.Cast<SettlementLine>()).CardLast4);
        Assert.Equal(
            [(3L, "411111******1111"), (4L, "12a4")],
            outcome.Errors.Select(error => (error.LineNumber, error.Value!)));
        Assert.All(outcome.Errors, error => Assert.Contains("is not the last four digits of a card", error.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Errors, error => error.Reason.Contains("4111111111111111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_settlement_file_without_a_batch_column_is_one_batch_named_after_its_content()
    {
        var csv = "line_id,settlement_date,record_type,payment_id,gross_amount,transaction_currency\nL2,2026-11-20,SETTLED,P-2,1.00,EUR\nL3,2026-11-20,SETTLED,P-3,2.00,EUR\n";

        var outcome = await CanonicalCsv.ReadAsync(csv, new FileReadOptions { File = new FileIdentity("day.csv", "0123456789abcdef0123") });

        Assert.Empty(outcome.Errors);
        Assert.All(outcome.Lines.Cast<SettlementLine>(), line => Assert.Equal("file:0123456789ab", line.BatchId));
    }

    [Fact]
    public async Task Fee_payout_and_adjustment_lines_need_no_payment_reference()
    {
        var outcome = await CanonicalCsv.ReadAsync(
            $"{CanonicalCsv.SettlementHeader}\nF1,2026-11-20,B,FEE,,,,1.00,EUR,,,,\nP1,2026-11-20,B,PAYOUT,,,,100.00,EUR,,,,\nA1,2026-11-20,B,ADJUSTMENT,,,,0.10,EUR,,,,\n");

        Assert.Empty(outcome.Errors);
        Assert.Equal(3, outcome.Lines.Count);
    }

    [Fact]
    public async Task A_timestamp_without_an_offset_is_a_line_error()
    {
        const string csv = """
            payment_id,payment_type,amount,currency,timestamp,result_code
            P-1,DB,1.00,EUR,2026-11-20 14:03:11,000.000.000
            P-2,DB,1.00,EUR,2026-11-20T14:03:11+02:00,000.000.000
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Single(outcome.Lines);
        Assert.Equal(
            new LineError(2, "timestamp", "2026-11-20 14:03:11", "timestamp '2026-11-20 14:03:11' is not an ISO 8601 timestamp with an offset or Z, such as 2026-11-20T14:03:11Z"),
            outcome.SingleError);
    }

    [Fact]
    public async Task A_capture_without_the_id_it_references_is_a_line_error()
    {
        const string csv = """
            payment_id,payment_type,referenced_id,amount,currency,timestamp,result_code
            P-2,CP,,1.00,EUR,2026-11-20T14:03:11Z,000.000.000
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal("referenced_id", outcome.SingleError.Column);
    }

    [Fact]
    public async Task A_chargeback_without_an_amount_is_a_line_error_but_a_retrieval_request_is_not()
    {
        const string csv = """
            dispute_id,event,event_date,payment_id,amount,currency
            D-1,CHARGEBACK,2026-11-20,P-1,,
            D-2,RETRIEVAL_REQUEST,2026-11-20,P-2,,
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal("D-2", Assert.IsType<ChargebackEvent>(Assert.Single(outcome.Lines)).DisputeId);
        Assert.Equal(new LineError(2, "currency", null, "currency is empty; it is required"), outcome.SingleError);
    }

    [Fact]
    public async Task An_amount_in_a_zero_decimal_currency_with_decimals_is_refused_not_rounded()
    {
        var outcome = await CanonicalCsv.ReadAsync("final_amount,currency,payment_id\n100.5,JPY,P-1\n100,JPY,P-2\n");

        Assert.Equal(new Money(100, Currency.Jpy), Assert.IsType<FinalAmountLine>(Assert.Single(outcome.Lines)).FinalAmount);
        Assert.Equal("amount '100.5' has 1 decimals; JPY allows 0", outcome.SingleError.Reason);
    }
}
