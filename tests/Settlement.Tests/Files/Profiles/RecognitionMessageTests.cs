using System.Text;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Tests.Files.Profiles.Language;

namespace Settlement.Tests.Files.Profiles;

/// <summary>A file no format reads is quarantined with a reason that leads to the fix: the nearest formats and what each lacks.</summary>
public sealed class RecognitionMessageTests
{
    private static async Task<FileRejection> RejectionAsync(string content, FileReadOptions options)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var opened = await AcquirerFileReader.OpenAsync(stream, options, TestContext.Current.CancellationToken);
        Assert.True(opened.IsFailure, "the file was read");
        return opened.Error;
    }

    private static FileReadOptions Options(params string[] profiles) => LanguageFiles.WithShipped(profiles).ReadOptions(FileIdentity.Unknown) with { ProfilesFolder = "/srv/settlement/profiles" };

    [Fact]
    public async Task A_near_miss_header_names_the_profile_it_nearly_fits_and_the_column_it_lacks()
    {
        // The precision report, its fee column renamed in a new release of the report.
        var content = (await File.ReadAllTextAsync(LanguageFiles.PathOf("precision.csv"), TestContext.Current.CancellationToken)).Replace("Settle Ccy,USD per EUR,Fee,", "Settle Ccy,USD per EUR,Fees,", StringComparison.Ordinal);

        var rejection = await RejectionAsync(content, Options("precision"));

        Assert.Equal(FileRejectionReason.UnknownHeader, rejection.Reason);
        Assert.StartsWith("no format fits this file: the closest are profile precise-processor (8 of 9 recognising columns; missing 'Fee')", rejection.Message, StringComparison.Ordinal);
        Assert.EndsWith(". Add or fix a profile in /srv/settlement/profiles and try it with: settlement profiles check <file>", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_split_by_another_delimiter_than_its_profile_says_so()
    {
        var content = (await File.ReadAllTextAsync(LanguageFiles.PathOf("precision.csv"), TestContext.Current.CancellationToken)).Replace(',', ';');

        var rejection = await RejectionAsync(content, Options("precision"));

        Assert.Equal(FileRejectionReason.WrongDelimiter, rejection.Reason);
        Assert.Contains("profile precise-processor fits when the file is split by ';': the file's delimiter differs from the profile's", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canonical_file_written_with_semicolons_is_told_its_delimiter()
    {
        var rejection = await RejectionAsync("line_id;settlement_date;record_type;payment_id;gross_amount;transaction_currency\nL1;2026-11-24;SETTLED;P1;1.00;EUR\n", Options());

        Assert.Equal(FileRejectionReason.WrongDelimiter, rejection.Reason);
        Assert.Contains("the file seems split by ';', not ','", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_kind_is_not_called_a_settlement_file_missing_columns()
    {
        // A dispute export of a kind nobody wrote a profile for: no settlement column in it.
        var rejection = await RejectionAsync("Case Number,Opened,Disputed Amount,Currency Code,Card Network\nC-1,2026-11-20,10.00,EUR,VISA\n", Options());

        Assert.Equal(FileRejectionReason.UnknownHeader, rejection.Reason);
        Assert.DoesNotContain("final-amounts", rejection.Message, StringComparison.Ordinal);
        Assert.StartsWith("no format fits this file", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_only_a_broken_user_profile_fits_waits_with_that_profile_s_errors()
    {
        var broken = FormatProfileLoader.Parse(
            """{ "name": "acme", "kind": "settlement", "header": { "columns": [ "Ref", "Kind", "Ccy" ] }, "type": { "column": "Kind", "map": { "S": "SOLD" } } }""",
            "/srv/settlement/profiles/acme.json");
        var options = Options() with { Unloadable = [broken.Error] };

        var rejection = await RejectionAsync("Ref,Kind,Ccy,Amount\nr1,S,EUR,1.00\n", options);

        Assert.Equal(FileRejectionReason.ProfileUnloadable, rejection.Reason);
        Assert.StartsWith(
            "the file fits profile acme, which could not be loaded: /srv/settlement/profiles/acme.json: $.type.map.S: 'SOLD' is not one of SETTLED",
            rejection.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("Fix the profile, then ingest this file again", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_errors_name_the_json_path_and_the_expected_shape_in_the_profile_s_words()
    {
        var errors = FormatProfileLoader.Parse(
            """
            {
              "name": "acme", "kind": "settlement", "header": { "columns": [ "Ref" ] },
              "type": "SETTLED",
              "columns": { "line_id": "Ref", "payment_ref": "Ref" },
              "amounts": { "gross": { "column": 12, "currency": "Ccy", "rounding": "bankers" } },
              "dates": { "settlement_date": { "column": "Day", "formats": [ "uuuu-MM-dd" ], "zone": "Mars/Olympus" } }
            }
            """,
            "acme.json").Error.Errors;

        Assert.Equal(
            [
                ("$.columns.payment_ref", "not a field of a settlement line; one of line_id, batch_id, payment_id, merchant_transaction_id, arn, settlement_currency, exchange_rate, card_brand, card_last4"),
                ("$.amounts.gross.column", "expected a column name, or an object with one of column, index, at, const, carried, field, file, concat, first, match, map, inverse, found a number"),
                ("$.amounts.gross.rounding", "'bankers' is not one of none, half-even, half-up, down"),
                ("$.dates.settlement_date.zone", "'Mars/Olympus' is not a time zone id such as Europe/Amsterdam or America/New_York"),
            ],
            errors.Select(error => (error.Field, error.Reason)));
        Assert.DoesNotContain(errors, error => error.Reason.Contains("System.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_key_is_refused_with_the_key_it_probably_meant()
    {
        var error = Assert.Single(FormatProfileLoader.Parse(
            """{ "name": "a", "kind": "settlement", "header": { "columns": [ "Ref" ] }, "type": "SETTLED", "lineKeys": [ "Ref" ], "columns": { "line_id": "Ref" }, "amounts": { "gross": { "column": "A", "currency": "B" } }, "dates": { "settlement_date": { "column": "C", "formats": [ "uuuu-MM-dd" ] } } }""",
            "a.json").Error.Errors);

        Assert.Equal(("$.lineKeys", "unknown key; did you mean 'lineKey'?"), (error.Field, error.Reason));
    }
}
