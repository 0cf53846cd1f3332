using System.Globalization;
using Npgsql;
using System.Text.RegularExpressions;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Demo;

/// <summary>
/// The newcomer's <c>demo</c>: the real worker process tells a whole day on standard output, under a screen, with its
/// log in a file; and each claim of the story is true in the database, checked against the rows behind it.
/// </summary>
public sealed partial class DemoCommandTests(DemoCommandTests.DemoRun demo) : IClassFixture<DemoCommandTests.DemoRun>
{
    private readonly string _story = demo.Story;
    private readonly string _errors = demo.Errors;
    private readonly string _folder = demo.Folder;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One run of <c>demo --exit</c> on its own database, read by every test of the class.</summary>
    public sealed class DemoRun(PostgresServer server) : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("settlement-demo-").FullName;

        public string Story { get; private set; } = string.Empty;

        public string Errors { get; private set; } = string.Empty;

        public NpgsqlDataSource DataSource { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var connectionString = await server.CreateDatabaseAsync("demo");
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.UseNodaTime();
            DataSource = builder.Build();
            await using var worker = WorkerProcess.Start(Folder, "demo", "--exit", $"--ConnectionStrings:Settlement={connectionString}");
            Assert.True(await worker.WaitForExitAsync(TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken), worker.Output + worker.Error);
            (Story, Errors) = (worker.Output, worker.Error);
            Assert.True(worker.ExitCode == 0, Story + Errors);
        }

        public async ValueTask DisposeAsync()
        {
            await DataSource.DisposeAsync();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // /tmp is cleaned by the system.
            }
        }
    }

    [Fact]
    public async Task The_story_fits_a_screen_on_stdout_and_the_log_is_a_file_in_the_demos_data_folder()
    {
        var lines = _story.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 20, 45);
        Assert.Contains("demo: done", _story, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped early", _story, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^(info|warn|fail|dbug|crit): ", _story);
        Assert.DoesNotContain("(null)", _story, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _errors.Trim());

        var log = Path.Combine(_folder, "data", "demo", "worker.log");
        Assert.Contains(log, lines[0], StringComparison.Ordinal);
        var logged = await File.ReadAllTextAsync(log, Cancel);
        Assert.Single(Regex.Matches(logged, "Application started"));
        Assert.Contains("Hangfire", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("lead 1:", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_1_the_payments_told_are_the_payments_the_ledger_recorded()
    {
        var claim = Claim(@"demo: 1\. (\d+) payments through the gateway simulator \((\d+) CD, (\d+) DB, (\d+) PA\); the ledger recorded (\d+) from");

        Assert.Equal(claim[1], claim[5]);
        Assert.Equal(claim[1], await ScalarAsync("SELECT count(*) FROM ledger.payments"));
        Assert.Equal(claim[2], await ScalarAsync("SELECT count(*) FROM ledger.transactions WHERE transaction_type = 'CD'"));
        Assert.Equal(claim[3], await ScalarAsync("SELECT count(*) FROM ledger.transactions WHERE transaction_type = 'DB'"));
        Assert.Equal(claim[4], await ScalarAsync("SELECT count(*) FROM ledger.transactions WHERE transaction_type = 'PA'"));
    }

    [Fact]
    public async Task Step_2_the_merchants_captures_and_refunds_succeeded_as_told()
    {
        var told = Operations(Line("demo: 2. "));

        Assert.Equal(await OperationsAsync("requested_by = 'demo merchant'"), told);
        Assert.Equal(["CP succeeded", "RF succeeded"], told.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Step_3_the_final_amounts_moved_money_as_told_and_the_approved_rebills_were_approved_and_executed()
    {
        var line = Line("demo: 3. ");
        var told = Operations(line.Split(';')[0]);
        var rebills = long.Parse(Regex.Match(line, @"(\d+) rebills? waited for a person's approval").Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.Equal(await OperationsAsync("operation_id IN (SELECT unnest(operation_ids) FROM recon.final_amount_actions)"), told);
        Assert.True(told.GetValueOrDefault("RB succeeded") >= 1, line);
        Assert.Equal(rebills, await ScalarAsync("SELECT count(*) FROM operations.operations WHERE kind = 'RB' AND approved_by = 'demo operator' AND status = 'succeeded'"));
        Assert.Equal(rebills, await ScalarAsync("SELECT count(*) FROM ledger.audit_log WHERE action = 'operation.approved' AND actor = 'demo operator'"));
    }

    [Fact]
    public async Task Step_4_the_sweep_captured_before_expiry_what_it_says()
    {
        var claim = Claim(@"demo: 4\. .*: (\d+) of the (\d+) open PAs would lapse within a day; captured before expiry: (\d+) CP succeeded");

        Assert.True(claim[1] >= 1);
        Assert.Equal(claim[1], claim[3]);
        Assert.Equal(claim[1], await ScalarAsync("SELECT count(*) FROM recon.capture_decisions WHERE action = 'capture'"));
        Assert.Equal(claim[3], await ScalarAsync(
            "SELECT count(*) FROM operations.operations o JOIN recon.capture_decisions d USING (operation_id) WHERE o.kind = 'CP' AND o.status = 'succeeded'"));
        // Captured before the expiry the sweep saw, each for the PA's whole open amount.
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM recon.capture_decisions d JOIN ledger.transactions t ON t.referenced_id = d.payment_id AND t.transaction_type = 'CP' WHERE d.action = 'capture' AND t.processed_at >= d.expires_at"));
    }

    [Fact]
    public async Task Step_5_and_6_the_chargebacks_and_the_won_disputes_reversal_are_in_the_ledger()
    {
        var chargebacks = Claim(@"demo: 5\. the acquirer's dispute file \(chargebacks-\S+\.csv\): (\d+) chargebacks; the worker sent them to the gateway: (\d+) CB succeeded");
        var reversal = Regex.Match(_story, @"demo: 6\. the merchant wins dispute (\S+) and the acquirer reverses it \(\S+\): 1 CR succeeded");

        Assert.True(chargebacks[1] >= 1);
        Assert.Equal(chargebacks[1], chargebacks[2]);
        Assert.Equal(chargebacks[1], await ScalarAsync("SELECT count(*) FROM acquirer.dispute_events WHERE event = 'CHARGEBACK'"));
        Assert.Equal(chargebacks[2], await ScalarAsync("SELECT count(*) FROM ledger.transactions WHERE transaction_type = 'CB'"));
        Assert.True(reversal.Success, _story);
        // The CR reverses the chargeback of the won dispute, for its amount.
        Assert.Equal(1L, await ScalarAsync(
            $"""
            SELECT count(*) FROM ledger.transactions cr
            JOIN ledger.transactions cb ON cb.transaction_id = cr.referenced_id AND cb.transaction_type = 'CB' AND cb.amount_minor = cr.amount_minor
            JOIN recon.dispute_actions a ON a.operation_id = cb.merchant_transaction_id
            JOIN acquirer.dispute_events e USING (file_id, line_number)
            WHERE cr.transaction_type = 'CR' AND e.dispute_id = '{reversal.Groups[1].Value}' AND e.event = 'CHARGEBACK'
            """));
    }

    [Fact]
    public async Task Step_7_every_outcome_told_is_the_settlement_files_and_each_kind_occurs()
    {
        var claim = Claim(@"demo: 7\. the acquirer's settlement file \(settlement-\S+\.csv, (\d+) lines\) reconciled: (\d+) matched, (\d+) within tolerance, (\d+) amount mismatch, (\d+) unmatched, (\d+) duplicate, (\d+) fee and payout");
        const string OfTheFile = "FROM recon.line_outcomes o JOIN intake.files f USING (file_id) WHERE f.original_name LIKE 'settlement-%'";

        Assert.Equal(claim[1], await ScalarAsync($"SELECT count(*) {OfTheFile}"));
        string[] outcomes = ["matched", "matched_within_tolerance", "amount_mismatch", "unmatched", "duplicate", "batch"];
        for (var i = 0; i < outcomes.Length; i++)
        {
            Assert.Equal(claim[i + 2], await ScalarAsync($"SELECT count(*) {OfTheFile} AND o.outcome = '{outcomes[i]}'"));
            Assert.True(claim[i + 2] >= 1, $"no {outcomes[i]} line: {Line("demo: 7. ")}");
        }
    }

    [Fact]
    public async Task Step_8_the_missing_legs_told_are_open_exceptions_on_legs_no_line_settles()
    {
        var missing = Claim(@"demo: 8\. \d+ days later, past the acquirer's settlement lag: (\d+) legs? it never settled")[1];

        Assert.True(missing >= 1);
        Assert.Equal(missing, await ScalarAsync(
            """
            SELECT count(*) FROM recon.exceptions e JOIN ledger.transactions t USING (transaction_id)
            WHERE e.kind = 'missing_settlement' AND e.status = 'open'
              AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.leg_sequence = t.sequence AND o.outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch'))
            """));
        Assert.Matches($@"missing\s+EUR\s+{missing}\s", _story);
    }

    [Fact]
    public async Task The_report_and_the_open_exceptions_told_are_the_databases()
    {
        var claim = Regex.Match(_story, @"demo: open exceptions: (\d+) \(([^)]*)\)");

        Assert.Matches(@"Reconciliation report, settlement date \d{4}-\d{2}-\d{2}", _story);
        Assert.True(claim.Success, _story);
        Assert.Equal(long.Parse(claim.Groups[1].Value, CultureInfo.InvariantCulture), await ScalarAsync("SELECT count(*) FROM recon.exceptions WHERE status = 'open'"));
        foreach (var kind in claim.Groups[2].Value.Split(", "))
        {
            var (count, name) = (kind.Split(' ')[0], kind.Split(' ')[1]);
            Assert.Equal(long.Parse(count, CultureInfo.InvariantCulture), await ScalarAsync($"SELECT count(*) FROM recon.exceptions WHERE status = 'open' AND kind = '{name}'"));
        }

        var matched = long.Parse(Regex.Match(_story, @"(?m)^  matched\s+EUR\s+(\d+)\s").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(matched, await ScalarAsync("SELECT count(*) FROM recon.line_outcomes WHERE outcome = 'matched'"));
    }

    private string Line(string start) =>
        _story.Split('\n').SingleOrDefault(line => line.StartsWith(start, StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"no line '{start}' in:\n{_story}");

    private long[] Claim(string pattern)
    {
        var match = Regex.Match(_story, pattern);
        Assert.True(match.Success, $"the story does not say /{pattern}/:\n{_story}");
        return [.. match.Groups.Cast<Group>().Select(group => long.TryParse(group.Value, CultureInfo.InvariantCulture, out var number) ? number : -1)];
    }

    /// <summary>"4 CP succeeded, 4 RF succeeded" as kind and status to count.</summary>
    private static Dictionary<string, long> Operations(string said) =>
        OperationCounts().Matches(said).ToDictionary(match => $"{match.Groups[2].Value} {match.Groups[3].Value}", match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    private async Task<Dictionary<string, long>> OperationsAsync(string where)
    {
        await using var command = demo.DataSource.CreateCommand($"SELECT kind || ' ' || status, count(*) FROM operations.operations WHERE {where} GROUP BY 1");
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = demo.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancel), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+) (CP|RV|RF|RB|CB|CR|CD) (succeeded|failed|requested|sending|needs-review|awaiting-approval)")]
    private static partial Regex OperationCounts();
}
