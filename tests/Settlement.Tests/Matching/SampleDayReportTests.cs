using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;
using Settlement.Worker.Commands;

namespace Settlement.Tests.Matching;

public sealed class SampleDayReportTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly MatchingFixture _fixture = new(database);

    [Fact]
    public async Task The_report_of_the_sample_day_counts_every_outcome_and_balances_the_payouts()
    {
        foreach (var name in new[] { "transactions.csv", "settlement.csv" })
        {
            await _fixture.IngestAsync(name, await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.SampleFiles, name), TestContext.Current.CancellationToken));
        }

        await _fixture.MatchAsync();
        var report = await new ReconciliationReporter(database.DataSource, new MatchingOptions(), _fixture.Folder.Clock)
            .ReportAsync(new NodaTime.LocalDate(2026, 11, 24), TestContext.Current.CancellationToken);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ReportCommandRunner.ToJson(report))!;

        Assert.Equal(
            [9L, 0L, 1L, 0L, 1L, 1L, 0L, 1L, 10L],
            ReportCommandRunner.TopLevelKeys.Select(key => json[key]!.GetValue<long>()).ToArray());
        Assert.Contains(report.Lines, total => total is { Outcome: "amount_mismatch", Currency: "EUR", Count: 1, Amount: 9.00m });
        Assert.Contains(report.Legs, total => total is { Outcome: "awaiting", Currency: "EUR", Count: 1, Amount: 22.00m });
        var eur = Assert.Single(report.Payouts, payout => payout.Currency == "EUR");
        Assert.Equal((473.28m, 473.28m, 0m), (eur.ExpectedNet, eur.PaidOut, eur.Difference));
        Assert.Equal(0m, Assert.Single(report.Payouts, payout => payout.Currency == "JPY").Difference);
    }

    public void Dispose() => _fixture.Dispose();
}
