using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files;

public sealed class CanonicalKindsTests
{
    [Fact]
    public async Task A_transactions_file_is_recognised_and_its_lines_carry_types_amounts_references_and_instants()
    {
        const string csv = """
            payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_brand,card_bin,card_last4,arn,authorization_kind
            P-1,PA,,ORD-1,120.50,EUR,2026-11-20T14:03:11Z,000.000.000,VISA,411111,1111,,estimated
            P-2,CP,P-1,ORD-1,100,EUR,2026-11-21T10:00:00+01:00,000.000.000,VISA,411111,1111,74027506326000000000018,
            P-3,DB,,ORD-2,5000,JPY,2026-11-21T10:00:00.5Z,000.100.110,,,,,
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal(FileKind.Transactions, outcome.Kind);
        Assert.Empty(outcome.Errors);
        var lines = outcome.Lines.Cast<TransactionLine>().ToArray();
        Assert.Equal([2L, 3L, 4L], outcome.LineNumbers);
        Assert.Equal(TransactionType.PreAuthorization, lines[0].Type);
        Assert.Equal(new Money(12050, Currency.Eur), lines[0].Amount);
        Assert.Equal(AuthorizationKind.Estimated, lines[0].AuthorizationKind);
        Assert.Equal(Instant.FromUtc(2026, 11, 20, 14, 3, 11), lines[0].Timestamp);
        Assert.Equal("ORD-1", lines[0].MerchantTransactionId);
        Assert.Equal(TransactionType.Capture, lines[1].Type);
        Assert.Equal("P-1", lines[1].ReferencedId);
        Assert.Equal("74027506326000000000018", lines[1].Arn);
        Assert.Null(lines[1].AuthorizationKind);
        Assert.Equal(Instant.FromUtc(2026, 11, 21, 9, 0), lines[1].Timestamp);
        Assert.Equal(new Money(5000, Currency.Jpy), lines[2].Amount);
        Assert.Equal("000.100.110", lines[2].ResultCode);
    }

    [Fact]
    public async Task A_settlement_file_keeps_gross_in_transaction_currency_and_rate_fee_and_net_in_settlement_currency()
    {
        const string csv = CanonicalCsv.SettlementHeader + "\n"
            + "L1,2026-11-20,B-7,SETTLED,P-2,,,100.00,USD,EUR,0.9,1.20,88.80\n"
            + "L2,2026-11-20,B-7,REFUNDED,,ORD-9,,25.5,EUR,,,,\n"
            + "L3,2026-11-20,B-7,FEE,,,,3.10,EUR,,,,\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal(FileKind.Settlement, outcome.Kind);
        Assert.Empty(outcome.Errors);
        var lines = outcome.Lines.Cast<SettlementLine>().ToArray();
        Assert.Equal(SettlementRecordType.Settled, lines[0].RecordType);
        Assert.Equal(new LocalDate(2026, 11, 20), lines[0].SettlementDate);
        Assert.Equal("B-7", lines[0].BatchId);
        Assert.Equal("P-2", lines[0].PaymentId);
        Assert.Equal(new Money(10000, Currency.Usd), lines[0].Gross);
        Assert.Equal(Currency.Eur, lines[0].SettlementCurrency);
        Assert.Equal(0.9m, lines[0].ExchangeRate);
        Assert.Equal(new Money(120, Currency.Eur), lines[0].Fee);
        Assert.Equal(new Money(8880, Currency.Eur), lines[0].Net);
        Assert.Equal(SettlementRecordType.Refunded, lines[1].RecordType);
        Assert.Equal("ORD-9", lines[1].MerchantTransactionId);
        Assert.Equal(new Money(2550, Currency.Eur), lines[1].Gross);
        Assert.Null(lines[1].SettlementCurrency);
        Assert.Null(lines[1].ExchangeRate);
        Assert.Null(lines[1].Fee);
        Assert.Equal(SettlementRecordType.Fee, lines[2].RecordType);
    }

    [Fact]
    public async Task A_settlement_net_that_does_not_add_up_is_kept_as_written_for_matching_to_judge()
    {
        var outcome = await CanonicalCsv.ReadAsync(CanonicalCsv.SettlementHeader + "\nL1,2026-11-20,B,SETTLED,P,,,100.00,EUR,,,1.00,50.00\n");

        var line = Assert.IsType<SettlementLine>(Assert.Single(outcome.Lines));
        Assert.Equal(new Money(5000, Currency.Eur), line.Net);
    }

    [Fact]
    public async Task A_chargebacks_file_normalises_two_digit_Mastercard_reason_codes_and_keeps_Visa_codes_as_text()
    {
        const string csv = """
            dispute_id,event,event_date,payment_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by
            D-1,CHARGEBACK,2026-11-20,P-2,,100.00,EUR,MASTER,53,Not as described,2026-12-10
            D-2,chargeback,2026-11-20,,74027506326000000000018,20.00,USD,VISA,10.4,Fraud,
            D-3,RETRIEVAL_REQUEST,2026-11-21,P-5,,,,MASTERCARD,37,,
            D-1,CHARGEBACK_REVERSAL,2026-12-15,P-2,,100.00,EUR,MASTER,4853,,
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal(FileKind.Chargebacks, outcome.Kind);
        Assert.Empty(outcome.Errors);
        var events = outcome.Lines.Cast<ChargebackEvent>().ToArray();
        Assert.Equal("4853", events[0].ReasonCode);
        Assert.Equal(ChargebackEventType.Chargeback, events[0].Event);
        Assert.Equal(new Money(10000, Currency.Eur), events[0].Amount);
        Assert.Equal(new LocalDate(2026, 12, 10), events[0].ReplyBy);
        Assert.Equal("10.4", events[1].ReasonCode);
        Assert.Equal("74027506326000000000018", events[1].Arn);
        Assert.Equal(ChargebackEventType.RetrievalRequest, events[2].Event);
        Assert.Null(events[2].Amount);
        Assert.Equal("4837", events[2].ReasonCode);
        Assert.Equal(ChargebackEventType.ChargebackReversal, events[3].Event);
        Assert.Equal("4853", events[3].ReasonCode);
    }

    [Fact]
    public async Task A_final_amounts_file_is_recognised_with_columns_in_any_order_and_case()
    {
        const string csv = """
            Reference , CURRENCY,final_amount,Payment_Id,extra_column
            FOLIO-88,BHD,12.345,P-7,ignored
            ,EUR,0.5,P-8,
            """;

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal(FileKind.FinalAmounts, outcome.Kind);
        Assert.Empty(outcome.Errors);
        var lines = outcome.Lines.Cast<FinalAmountLine>().ToArray();
        Assert.Equal(new Money(12345, Currency.Bhd), lines[0].FinalAmount);
        Assert.Equal("FOLIO-88", lines[0].Reference);
        Assert.Equal("P-7", lines[0].PaymentId);
        Assert.Equal(new Money(50, Currency.Eur), lines[1].FinalAmount);
        Assert.Null(lines[1].Reference);
    }

    [Fact]
    public async Task A_header_without_lines_is_a_file_of_zero_lines_not_a_malformed_one()
    {
        var outcome = await CanonicalCsv.ReadAsync(CanonicalCsv.SettlementHeader + "\r\n");

        Assert.Equal(FileKind.Settlement, outcome.Kind);
        Assert.Empty(outcome.Lines);
        Assert.Empty(outcome.Errors);
    }

    [Fact]
    public async Task A_byte_order_mark_and_CRLF_line_breaks_are_read_as_plain_UTF8()
    {
        var bytes = "\uFEFF"u8.ToArray()
            .Concat(System.Text.Encoding.UTF8.GetBytes(CanonicalCsv.SettlementHeader + "\r\nL1,2026-11-20,B,SETTLED,P-1,,,10.00,EUR,,,,\r\nL2,2026-11-20,B,SETTLED,P-2,,,20.00,EUR,,,,\r\n"))
            .ToArray();

        var outcome = await CanonicalCsv.ReadAsync(bytes);

        Assert.Equal(FileKind.Settlement, outcome.Kind);
        Assert.Empty(outcome.Errors);
        Assert.Equal(["L1", "L2"], outcome.Lines.Cast<SettlementLine>().Select(line => line.LineId));
        Assert.Equal([2L, 3L], outcome.LineNumbers);
    }

    [Fact]
    public async Task A_quoted_field_with_a_comma_and_a_line_break_is_one_value_and_later_lines_keep_their_physical_numbers()
    {
        const string csv = "dispute_id,event,event_date,payment_id,amount,currency,reason_text\n"
            + "D-1,CHARGEBACK,2026-11-20,P-1,10.00,EUR,\"Goods not received, customer says\nsecond line\"\n"
            + "D-2,CHARGEBACK,2026-11-20,P-2,11.00,EUR,plain\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Empty(outcome.Errors);
        var events = outcome.Lines.Cast<ChargebackEvent>().ToArray();
        Assert.Equal("Goods not received, customer says\nsecond line", events[0].ReasonText);
        Assert.Equal([2L, 4L], outcome.LineNumbers);
    }
}
