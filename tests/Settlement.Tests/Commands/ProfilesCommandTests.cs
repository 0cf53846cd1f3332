using Settlement.Tests.Files.Profiles.Language;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Commands;

/// <summary><c>profiles check</c> and <c>profiles list</c> as a person runs them: the real worker process, its output and exit code.</summary>
public sealed class ProfilesCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-profiles-cli-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Check_shows_how_a_good_file_reads_with_the_profile_being_written_and_exits_0()
    {
        Copy("statement.csv", "statement.json");

        var (code, output, error) = await RunAsync("profiles", "check", "statement.csv", "--profile", "statement.json", "--lines", "3");

        Assert.Equal((0, string.Empty), (code, error.Trim()));
        Assert.Equal(
            """
            file:     statement.csv
            read as:  acme-statement (settlement) from statement.json
            because:  profile acme-statement (settlement): the file has the payouts header with its 3 recognising columns and the transactions header with its 6 recognising columns

            first 3 lines as canonical fields:
              line 6      PAYOUT line_id=PO-1 batch_id=PO-1 settlement_date=2026-11-24 gross=96.40 EUR
              line 9      SETTLED line_id=T-1|payment batch_id=PO-1 settlement_date=2026-11-23 merchant_transaction_id=ORD-1 gross=50.00 EUR
              line 9.2    FEE line_id=T-1|fee batch_id=PO-1 settlement_date=2026-11-23 merchant_transaction_id=ORD-1 gross=1.00 EUR

            line errors: 0

            totals:   8 lines, 0 errors, 3 rows ignored (not money lines)
              FEE                       2   2.10 EUR
              PAYOUT                    2   116.40 EUR
              REFUNDED                  1   1.50 EUR
              SETTLED                   3   120.00 EUR

            """,
            output.TrimEnd() + "\n");
        Assert.Equal(["statement.csv", "statement.json"], Entries());
    }

    [Fact]
    public async Task Check_lists_every_line_error_with_its_line_and_column_and_exits_2()
    {
        Copy("precision.csv", "precision.json");

        var (code, output, _) = await RunAsync("profiles", "check", "precision.csv", "--profile", "precision.json", "--lines", "1");

        Assert.Equal(2, code);
        Assert.Equal(
            """
            file:     precision.csv
            read as:  precise-processor (settlement) from precision.json
            because:  profile precise-processor (settlement): the file has a header row with its 9 recognising columns

            first 1 line as canonical fields:
              line 2      SETTLED line_id=P1 batch_id=2026-11-24 settlement_date=2026-11-24 payment_id=P1 gross=12.35 USD settlement_currency=EUR exchange_rate=0.8 fee=0.12 EUR net=9.76 EUR rounding="Gross 12.34567 → 12.35 USD (rounded half-even); Fee 0.125 → 0.12 EUR (rounded half-even)"

            line errors: 2
              line 6, Gross: Gross moves money from the merchant, but a SETTLED line moves it to the merchant: map this row to another type
              line 7, Net Credit: amount '3.995' has 3 decimals; EUR allows 2 (a profile may say how to round it: rounding)

            totals:   4 lines, 2 errors, 0 rows ignored (not money lines)
              FEE                       1   -0.50 EUR
              REFUNDED                  2   30.00 USD
              SETTLED                   1   12.35 USD

            """,
            output.TrimEnd() + "\n");
    }

    [Fact]
    public async Task Check_recognises_with_the_profiles_folder_names_a_broken_profile_and_writes_nothing()
    {
        var profiles = Directory.CreateDirectory(Path.Combine(_folder, "data", "profiles")).FullName;
        File.Copy(LanguageFiles.PathOf("statement.json"), Path.Combine(profiles, "statement.json"));
        await File.WriteAllTextAsync(Path.Combine(profiles, "broken.json"), """{ "name": "broken", "kind": "settlement", "header": { "columns": [ "Txn", "Order" ] }, "amounts": { "gross": { "column": 5 } } }""", Cancel);
        Copy("statement.csv");
        await File.WriteAllTextAsync(Path.Combine(_folder, "other.csv"), "Txn,Order,Date\n1,2,3\n", Cancel);

        var statement = await RunAsync("profiles", "check", "statement.csv", "--lines", "0");
        var other = await RunAsync("profiles", "check", "other.csv");

        var note = $"note: a user profile is not loaded: {Path.Combine(profiles, "broken.json")}: $.amounts.gross.column: expected a column name, or an object with one of column, index, at, const, carried, field, file, concat, first, match, map, inverse, found a number (and ";
        Assert.Equal(0, statement.Code);
        Assert.StartsWith(note, statement.Output, StringComparison.Ordinal);
        Assert.Contains("\nfile:     statement.csv\nread as:  acme-statement (settlement) from " + Path.Combine(profiles, "statement.json"), statement.Output, StringComparison.Ordinal);
        Assert.Equal(2, other.Code);
        Assert.Contains("result:   not read; it would be quarantined: the file fits profile broken, which could not be loaded", other.Output, StringComparison.Ordinal);

        // Nothing written: no cluster, no inbox, no archive; the profiles as they were.
        Assert.Equal(["profiles"], Directory.EnumerateFileSystemEntries(Path.Combine(_folder, "data")).Select(Path.GetFileName));
        Assert.Equal(["broken.json", "statement.json"], Directory.EnumerateFiles(profiles).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_shows_the_shipped_and_the_user_profiles_and_those_that_cannot_be_loaded()
    {
        var profiles = Directory.CreateDirectory(Path.Combine(_folder, "data", "profiles")).FullName;
        File.Copy(LanguageFiles.PathOf("direct-debits.json"), Path.Combine(profiles, "direct-debits.json"));
        await File.WriteAllTextAsync(Path.Combine(profiles, "bad.json"), "{ \"name\": ", Cancel);

        var (code, output, _) = await RunAsync("profiles", "list");

        Assert.Equal(0, code);
        Assert.Matches(@"sepa-collector\s+settlement\s+.*direct-debits\.json", output);
        Assert.Matches(@"adyen-sdr\s+settlement\s+shipped", output);
        Assert.Contains($"not loaded: {Path.Combine(profiles, "bad.json")}: $: not valid JSON", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Copy(params string[] names)
    {
        foreach (var name in names)
        {
            File.Copy(LanguageFiles.PathOf(name), Path.Combine(_folder, name));
        }
    }

    private IEnumerable<string> Entries() => Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        // No PostgreSQL binaries where the worker would look: the profiles commands must not need a database.
        await using var worker = WorkerProcess.Start(_folder, [.. args, $"--Settlement:PostgresBinDirectory={_folder}"]);
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel));
        return (worker.ExitCode, worker.Output, worker.Error);
    }
}
