using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Matching;

/// <summary>Ingests files through the real pipeline and runs the matcher on the same database.</summary>
internal sealed class MatchingFixture(Database.FreshDatabase database) : IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    public IngestionFolder Folder => _folder;

    public async Task<IngestionResult> IngestAsync(string name, string content)
    {
        var result = await _folder.Pipeline().IngestAsync(_folder.Drop(name, content), keepOriginal: false, progress: null, TestContext.Current.CancellationToken);
        Assert.Equal((IngestionStatus.Processed, 0L), (result.Status, result.LinesRejected));
        return result;
    }

    public Task<MatchRun> MatchAsync(MatchingOptions? options = null) =>
        new SettlementMatcher(database.DataSource, options ?? new MatchingOptions(), _folder.Clock, NullLogger<SettlementMatcher>.Instance)
            .MatchAsync(TestContext.Current.CancellationToken);

    /// <summary>The outcome, key, leg and explanation of the settlement line with this line id.</summary>
    public async Task<(string Outcome, string? MatchedBy, string? TransactionId, string Explanation)> OutcomeAsync(string lineId)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            SELECT o.outcome, o.matched_by, o.transaction_id, o.explanation
            FROM recon.explained_line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number)
            WHERE l.line_id = @line_id
            """);
        command.Parameters.AddWithValue("line_id", lineId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"no outcome for {lineId}");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));
    }

    public void Dispose() => _folder.Dispose();
}
