using System.Net;
using System.Text.RegularExpressions;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Observability;

/// <summary>The running worker, as a real process on its own database: health, Prometheus metrics and log scopes.</summary>
public sealed class WorkerMetricsTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-metrics-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ingested_file_shows_in_the_metrics_and_its_log_lines_carry_the_file_id()
    {
        await using var worker = WorkerProcess.Start(
            _folder, $"--ConnectionStrings:Settlement={database.ConnectionString}", "--Settlement:DropFolder:StableFor=00:00:00.2");
        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.Port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative), Cancel)).StatusCode);

        var inbox = Path.Combine(_folder, "data", "inbox");
        Directory.CreateDirectory(inbox);
        // The ledger first, so that the settlement lines find their legs.
        File.Copy(Path.Combine(RepositoryPaths.SampleFiles, "transactions.csv"), Path.Combine(inbox, "transactions.csv"));
        await WaitForMetricAsync(http, @"settlement_files_total\{[^}]*kind=""transactions"",status=""processed""\} 1", worker);
        File.Copy(Path.Combine(RepositoryPaths.SampleFiles, "settlement.csv"), Path.Combine(inbox, "settlement.csv"));

        var metrics = await WaitForMetricAsync(http, @"settlement_files_total\{[^}]*kind=""settlement"",status=""processed""\} 1", worker);

        Assert.Matches(@"settlement_lines_total\{[^}]*kind=""settlement"",result=""taken""\} [1-9]", metrics);
        Assert.Matches(@"settlement_ingestion_duration_seconds_count\{[^}]*kind=""settlement""\} 1", metrics);
        await WaitForMetricAsync(http, @"settlement_line_outcomes_total\{[^}]*outcome=""matched""\} [1-9]", worker);
        Assert.Matches(@"FileId:\d+.*FileName:settlement\.csv", worker.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held by a stopping worker; /tmp is cleaned by the system.
        }
    }

    /// <summary>Scrapes until a line matches <paramref name="pattern"/> (label order is the exporter's, so patterns allow any labels first).</summary>
    private static async Task<string> WaitForMetricAsync(HttpClient http, string pattern, WorkerProcess worker)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancel);
            if (Regex.IsMatch(text, pattern))
            {
                return text;
            }

            await Task.Delay(200, Cancel);
        }

        Assert.Fail($"{pattern} never appeared in /metrics:\n{text}\n{worker.Output}\n{worker.Error}");
        return text;
    }
}
