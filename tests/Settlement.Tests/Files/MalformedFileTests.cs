using System.Text;
using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

/// <summary>Files that cannot be read at all: a typed rejection with a specific reason, and nothing parsed.</summary>
public sealed class MalformedFileTests
{
    [Fact]
    public async Task An_empty_file_is_rejected_as_empty()
    {
        var outcome = await CanonicalCsv.ReadAsync([]);

        Assert.Equal(FileRejectionReason.Empty, outcome.Rejected.Reason);
        Assert.Equal("file is empty (0 bytes)", outcome.Rejected.Message);
    }

    [Fact]
    public async Task A_file_of_only_whitespace_is_rejected_as_empty()
    {
        var outcome = await CanonicalCsv.ReadAsync(" \r\n\t\n");

        Assert.Equal(FileRejectionReason.Empty, outcome.Rejected.Reason);
        Assert.Contains("only whitespace", outcome.Rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_garbage_with_NUL_bytes_is_rejected_as_binary()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xFF, 0xD8 };

        var outcome = await CanonicalCsv.ReadAsync(bytes);

        Assert.Equal(FileRejectionReason.Binary, outcome.Rejected.Reason);
        Assert.Equal("file holds binary content (a NUL byte at offset 5), not CSV text", outcome.Rejected.Message);
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_rejected_as_binary_and_names_the_byte()
    {
        var bytes = Encoding.Latin1.GetBytes("payment_id,payment_type,amount,currency,timestamp,result_code\nP-1,DB,1.00,EUR,2026-11-20T00:00:00Z,caf\u00e9\n");

        var outcome = await CanonicalCsv.ReadAsync(bytes);

        Assert.Equal(FileRejectionReason.Binary, outcome.Rejected.Reason);
        Assert.Contains("not UTF-8 text (invalid byte 0xE9", outcome.Rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_UTF16_file_is_rejected_saying_canonical_files_are_UTF8()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("final_amount,currency,payment_id\n1.00,EUR,P-1\n")).ToArray();

        var outcome = await CanonicalCsv.ReadAsync(bytes);

        Assert.Equal(FileRejectionReason.Binary, outcome.Rejected.Reason);
        Assert.Equal("file is UTF-16 text; canonical files are UTF-8", outcome.Rejected.Message);
    }

    [Fact]
    public async Task A_header_of_no_known_kind_is_rejected_naming_the_nearest_kind_and_what_it_lacks()
    {
        var outcome = await CanonicalCsv.ReadAsync("name,email,phone\nAda,ada@example.com,1\n");

        Assert.Equal(FileRejectionReason.UnknownHeader, outcome.Rejected.Reason);
        Assert.StartsWith("header matches no known kind: ", outcome.Rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_semicolon_delimited_file_is_rejected_saying_which_delimiter_it_uses()
    {
        var outcome = await CanonicalCsv.ReadAsync(CanonicalCsv.SettlementHeader.Replace(',', ';') + "\nL1;2026-11-20;B;SETTLED;P;;;1.00;EUR;;;;\n");

        Assert.Equal(FileRejectionReason.WrongDelimiter, outcome.Rejected.Reason);
        Assert.Equal("header uses ';' as delimiter; canonical files use ','", outcome.Rejected.Message);
    }

    [Fact]
    public async Task A_tab_delimited_file_is_rejected_saying_it_uses_tabs()
    {
        var outcome = await CanonicalCsv.ReadAsync("final_amount\tcurrency\tpayment_id\n1.00\tEUR\tP-1\n");

        Assert.Equal(FileRejectionReason.WrongDelimiter, outcome.Rejected.Reason);
        Assert.Equal("header uses tab as delimiter; canonical files use ','", outcome.Rejected.Message);
    }

    [Fact]
    public async Task A_settlement_header_without_some_required_columns_is_rejected_naming_them()
    {
        var outcome = await CanonicalCsv.ReadAsync("settlement_date,gross_amount,transaction_currency,payment_id\n2026-11-20,1.00,EUR,P-1\n");

        Assert.Equal(FileRejectionReason.MissingRequiredColumn, outcome.Rejected.Reason);
        Assert.Equal("settlement header lacks required columns line_id, record_type", outcome.Rejected.Message);
    }

    [Fact]
    public async Task A_final_amounts_header_without_any_payment_reference_column_is_rejected()
    {
        var outcome = await CanonicalCsv.ReadAsync("final_amount,currency,reference\n1.00,EUR,F-1\n");

        Assert.Equal(FileRejectionReason.MissingRequiredColumn, outcome.Rejected.Reason);
        Assert.Equal("final-amounts header needs one of payment_id, merchant_transaction_id", outcome.Rejected.Message);
    }
}
