using NodaTime;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;
using Settlement.Worker.Commands;

namespace Settlement.Tests.Matching;

public sealed class ExceptionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency\n";

    private readonly MatchingFixture _fixture = new(database);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private ExceptionStore Exceptions => new(database.DataSource, _fixture.Folder.Clock);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mismatches_and_unmatched_lines_become_open_exceptions_once()
    {
        await _fixture.IngestAsync($"{_run}-t.csv", TransactionsHeader + $"{_run}-db,DB,,{_run}-o,10.00,EUR,2026-11-24T10:00:00Z,000.100.110\n");
        await _fixture.IngestAsync($"{_run}-s.csv", SettlementHeader
            + $"{_run}-1,2026-11-24,B,SETTLED,{_run}-db,,9.00,EUR\n"
            + $"{_run}-2,2026-11-24,B,SETTLED,{_run}-nobody,,5.00,EUR\n");

        await _fixture.MatchAsync();
        await _fixture.MatchAsync();

        var mine = await MineAsync();
        Assert.Equal(["amount_mismatch", "unmatched_line"], mine.Select(item => item.Kind).Order());
        Assert.All(mine, item => Assert.Equal("open", item.Status));
        Assert.Contains(mine, item => item.Summary.StartsWith($"settled line {_run}-2 of file", StringComparison.Ordinal) && item.Summary.Contains("unmatched: no settled transaction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unmatched_line_that_matches_later_is_resolved_by_the_rule()
    {
        await _fixture.IngestAsync($"{_run}-s.csv", SettlementHeader + $"{_run}-early,2026-11-24,B,SETTLED,{_run}-late,,7.00,EUR\n");
        await _fixture.MatchAsync();

        await _fixture.IngestAsync($"{_run}-t.csv", TransactionsHeader + $"{_run}-late,DB,,{_run}-o,7.00,EUR,2026-11-24T10:00:00Z,000.100.110\n");
        await _fixture.MatchAsync();

        var resolved = Assert.Single(await MineAsync());
        Assert.Equal(("resolved", "rule:matching"), (resolved.Status, resolved.ResolvedBy));
        Assert.StartsWith("matched later: matched by payment_id", resolved.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leg_not_settled_past_the_lag_is_a_missing_settlement()
    {
        await _fixture.IngestAsync($"{_run}-t.csv", TransactionsHeader + $"{_run}-lost,DB,,{_run}-o,3.00,EUR,2026-11-01T10:00:00Z,000.100.110\n");

        await _fixture.MatchAsync();

        var missing = Assert.Single(await MineAsync(), item => item.Kind == "missing_settlement");
        Assert.Equal($"leg {_run}-lost", missing.Subject);
    }

    [Fact]
    public async Task A_person_resolves_an_exception_with_a_note_once()
    {
        await _fixture.IngestAsync($"{_run}-s.csv", SettlementHeader + $"{_run}-x,2026-11-24,B,SETTLED,{_run}-none,,1.00,EUR\n");
        await _fixture.MatchAsync();
        var open = Assert.Single(await MineAsync());
        _fixture.Folder.Clock.Advance(Duration.FromHours(1));

        var resolved = await Exceptions.ResolveAsync(open.Id, "alice", "acquirer confirmed a test line", Cancel);
        var again = await Exceptions.ResolveAsync(open.Id, "bob", "again", Cancel);
        var noNote = await Exceptions.ResolveAsync(open.Id, "bob", " ", Cancel);

        Assert.Equal(("resolved", "alice", "acquirer confirmed a test line"), (resolved.Value.Status, resolved.Value.ResolvedBy, resolved.Value.Note));
        Assert.Equal(_fixture.Folder.Clock.GetCurrentInstant(), resolved.Value.ResolvedAt);
        Assert.Equal($"exception {open.Id} is already resolved (by alice)", again.Error);
        Assert.Equal("a note is required: say what was done about it", noNote.Error);
        Assert.Equal("there is no exception 999999999", (await Exceptions.ResolveAsync(999_999_999, "bob", "x", Cancel)).Error);
    }

    [Fact]
    public async Task The_csv_export_neutralises_values_that_a_spreadsheet_would_run()
    {
        await _fixture.IngestAsync($"{_run}-s.csv", SettlementHeader + $"{_run}-f,2026-11-24,B,SETTLED,,=SUM(A1),1.00,EUR\n");
        await _fixture.MatchAsync();
        var open = Assert.Single(await MineAsync());
        await Exceptions.ResolveAsync(open.Id, "=cmd", "@SUM(A1)", Cancel);
        using var output = new StringWriter();

        await new ExceptionsCommandRunner(Exceptions).ListAsync(new ExceptionsCommand(OpenOnly: false, Json: false, Csv: true), output, Cancel);

        var line = output.ToString().Split('\n').Single(row => row.StartsWith($"{open.Id},", StringComparison.Ordinal));
        Assert.Contains(",'=cmd,'@SUM(A1)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reopened_case_told_the_same_failure_again_still_says_who_had_resolved_it()
    {
        async Task RaiseAsync(string summary)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
            await using var transaction = await connection.BeginTransactionAsync(Cancel);
            await ExceptionStore.RaiseOrReopenAsync(connection, transaction, new RaisedCase(ExceptionKind.OperationFailed, $"operation {_run}", null, null, null, summary), _fixture.Folder.Clock.GetCurrentInstant(), Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await RaiseAsync($"{_run} failed after 1 attempt");
        Assert.True((await Exceptions.ResolveAsync(Assert.Single(await MineAsync()).Id, "ops", "asked the acquirer", Cancel)).IsSuccess);

        await RaiseAsync($"{_run} failed after 2 attempts");
        await RaiseAsync($"{_run} failed after 2 attempts");

        var reopened = Assert.Single(await MineAsync());
        Assert.Equal(("open", $"{_run} failed after 2 attempts (raised again; resolved before by ops: asked the acquirer)"), (reopened.Status, reopened.Summary));
    }

    public void Dispose() => _fixture.Dispose();

    private async Task<List<ExceptionCase>> MineAsync() =>
        (await Exceptions.ListAsync(openOnly: false, Cancel)).Where(item => item.Summary.Contains(_run, StringComparison.Ordinal)).ToList();
}
