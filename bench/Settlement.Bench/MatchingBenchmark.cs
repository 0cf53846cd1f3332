using Settlement.Reconciliation.Files;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.Database;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

namespace Settlement.Bench;

/// <summary>
/// Reconciliation end to end (issue: reconciliation): N settlement lines against a ledger of N debits. The ledger
/// is seeded first (a transactions export through the same pipeline, not timed); then the settlement file is
/// ingested and matched, timed; the floor, in the same run, is `psql \copy` of the file into an unlogged table
/// plus one SQL join that compares each line's amount with its transaction's.
/// </summary>
internal static class MatchingBenchmark
{
    public static async Task<int> RunAsync(int lines)
    {
        var folder = ScratchFolder.Create("settlement-bench");

        try
        {
            await using var cluster = await BenchCluster.StartAsync(folder);
            var transactions = Path.Combine(folder, "transactions.csv");
            var settlement = Path.Combine(folder, "settlement.csv");
            await GeneratedDay.WriteAsync(transactions, GeneratedDay.TransactionsHeader, lines, i => GeneratedDay.Debit(i, "2026-11-23T12:00:00Z"));
            // Every 100th line is 0.01 off, so the run decides mismatches too.
            await GeneratedDay.WriteAsync(settlement, GeneratedDay.SettlementHeader, lines, i => GeneratedDay.Settled(i, i, "2026-11-24", i % 100 == 0 ? -1 : 0));

            var seed = Stopwatch.StartNew();
            var seeded = await cluster.Ingestion.IngestAsync(transactions, keepOriginal: true, progress: null, CancellationToken.None);
            seed.Stop();

            var floor = await FloorAsync(cluster.Server, cluster.DataSource, settlement);
            var endToEnd = Stopwatch.StartNew();
            await cluster.Ingestion.IngestAsync(settlement, keepOriginal: true, progress: null, CancellationToken.None);
            var ingested = endToEnd.Elapsed;
            var run = await cluster.MatchAsync();
            endToEnd.Stop();

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {lines:N0} | {seeded.LinesOk:N0} payments seeded in {seed.Elapsed.TotalSeconds:F1} s | {ingested.TotalSeconds:F2} s | {(endToEnd.Elapsed - ingested).TotalSeconds:F2} s | {endToEnd.Elapsed.TotalSeconds:F2} s | {lines / endToEnd.Elapsed.TotalSeconds:N0} | {floor.TotalSeconds:F2} s | {endToEnd.Elapsed / floor:F2}× | {run} |"));
            return run.Count(LineOutcome.Matched) + run.Count(LineOutcome.AmountMismatch) == lines ? 0 : 2;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
            {
                Console.WriteLine($"kept: {folder}");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Matches again on a cluster kept by <c>BENCH_KEEP=1</c>: forgets what the kept run decided (in one transaction)
    /// and times <see cref="SettlementMatcher.MatchAsync"/> alone, logging each step. For profiling the matcher
    /// without seeding a ledger again.
    /// </summary>
    public static async Task<int> RematchAsync(string keptFolder)
    {
        await using var kept = await BenchCluster.StartAsync(keptFolder);
        await using (var forget = kept.DataSource.CreateCommand(
            "BEGIN; TRUNCATE recon.matched_files, recon.line_outcomes, recon.leg_settlements; DELETE FROM recon.exceptions; COMMIT; VACUUM ANALYZE recon.line_outcomes; CHECKPOINT"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        var matching = Stopwatch.StartNew();
        var run = await kept.MatchAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rematch: {matching.Elapsed.TotalSeconds:F2} s, {run}"));
        return 0;
    }

    /// <summary>
    /// A night on a cluster kept by <c>BENCH_KEEP=1</c>: N new debits join the kept ledger (untimed), then a
    /// settlement file of N lines for them is ingested and matched (timed). Shows that a run's cost follows the
    /// night's file, not the size of the ledger or of the lines stored before.
    /// </summary>
    public static async Task<int> NightAsync(string keptFolder, int lines)
    {
        await using var kept = await BenchCluster.StartAsync(keptFolder);
        int first;
        await using (var count = kept.DataSource.CreateCommand("SELECT count(*) FROM ledger.payments"))
        {
            first = checked((int)(long)(await count.ExecuteScalarAsync())!);
        }

        var night = Directory.CreateTempSubdirectory("settlement-night-").FullName;
        try
        {
            var transactions = Path.Combine(night, "transactions.csv");
            var settlement = Path.Combine(night, "settlement.csv");
            await GeneratedDay.WriteAsync(transactions, GeneratedDay.TransactionsHeader, lines, i => GeneratedDay.Debit(first + i, "2026-11-24T12:00:00Z"));
            await GeneratedDay.WriteAsync(settlement, GeneratedDay.SettlementHeader, lines, i => GeneratedDay.Settled(first + i, first + i, "2026-11-25", i % 100 == 0 ? -1 : 0));
            await kept.Ingestion.IngestAsync(transactions, keepOriginal: true, progress: null, CancellationToken.None);

            var endToEnd = Stopwatch.StartNew();
            await kept.Ingestion.IngestAsync(settlement, keepOriginal: true, progress: null, CancellationToken.None);
            var ingested = endToEnd.Elapsed;
            var run = await kept.MatchAsync();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"night: {lines:N0} lines against {first + lines:N0} payments: ingest {ingested.TotalSeconds:F2} s, match {(endToEnd.Elapsed - ingested).TotalSeconds:F2} s, {run}"));
            return 0;
        }
        finally
        {
            Directory.Delete(night, recursive: true);
        }
    }

    /// <summary>
    /// The benchmark's embedded cluster in a folder (created on first start, or kept by an earlier run), migrated,
    /// with the ingestion pipeline and the matcher over it. The matcher's step timings go to stderr, so a table row
    /// stays alone on stdout.
    /// </summary>
    internal sealed class BenchCluster : IAsyncDisposable
    {
        private readonly ILoggerFactory _logging;

        private BenchCluster(EmbeddedPostgres server, NpgsqlDataSource dataSource, FileIngestion ingestion, ILoggerFactory logging)
        {
            Server = server;
            DataSource = dataSource;
            Ingestion = ingestion;
            _logging = logging;
        }

        public EmbeddedPostgres Server { get; }

        public NpgsqlDataSource DataSource { get; }

        public FileIngestion Ingestion { get; }

#pragma warning disable RS0030 // A benchmark's composition root: real time is what it measures.
        internal static IClock Clock => SystemClock.Instance;
#pragma warning restore RS0030

        public static async Task<BenchCluster> StartAsync(string folder)
        {
            var server = await ScratchPostgres.StartMigratedAsync(folder, "bench", CancellationToken.None);
            var builder = new NpgsqlDataSourceBuilder(server.ConnectionString);
            builder.UseNodaTime();
            var dataSource = builder.Build();
            var paths = new DropFolderPaths(Options.Create(new DatabaseOptions { DataDirectory = folder }), Options.Create(new DropFolderOptions()));
            var ingestion = new FileIngestion(
                dataSource, new IntakeStore(dataSource, Clock, NullLogger<IntakeStore>.Instance), new FileTransactionLoader(Clock), paths, new WorkerInstance(), Clock, NullLogger<FileIngestion>.Instance);
            var logging = LoggerFactory.Create(logging => logging
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddFilter("Settlement", LogLevel.Debug)
                .SetMinimumLevel(LogLevel.Warning));
            return new BenchCluster(server, dataSource, ingestion, logging);
        }

        public Task<MatchRun> MatchAsync() =>
            new SettlementMatcher(DataSource, new MatchingOptions(), Clock, _logging.CreateLogger<SettlementMatcher>()).MatchAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            _logging.Dispose();
            await DataSource.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<TimeSpan> FloorAsync(EmbeddedPostgres server, NpgsqlDataSource dataSource, string file)
    {
        var clock = Stopwatch.StartNew();
        await PsqlCopy.IntoUnloggedTableAsync(server, "raw_settlement", 7, file);
        await using (var join = dataSource.CreateCommand(
            "SELECT count(*) FROM raw_settlement r JOIN ledger.transactions t ON t.transaction_id = r.c5 WHERE t.amount_minor <> round(r.c6::numeric * 100)"))
        {
            await join.ExecuteScalarAsync();
        }

        return clock.Elapsed;
    }
}
