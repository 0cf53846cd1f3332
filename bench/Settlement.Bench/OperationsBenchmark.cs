using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Database;
using Settlement.Worker.Operations;

namespace Settlement.Bench;

/// <summary>
/// Operations benchmark (issue 3, "Bench"): captures per second through the job pipeline (request → row → Hangfire
/// job → simulator → ledger leg) against the gateway simulator on loopback, clean and with 10 % transient faults,
/// next to the same captures sent directly with <see cref="GatewayClient"/> in the same run. The worker's own
/// composition (<c>AddSettlementOperations</c>) on an embedded PostgreSQL; the simulator keeps its state there too.
/// </summary>
/// <remarks>
/// Worker settings are the shipped defaults (worker count 5, …) except: QueuePollInterval 200 ms (the default 5 s
/// would add idle gaps whenever the workers drain the queue faster than it is filled), and for the fault run retry
/// delays of 1 s with a 1 s schedule poll (defaults 10 s and 15 s). BENCH_WORKERS overrides the worker count.
/// </remarks>
internal static class OperationsBenchmark
{
    private const string Token = "bench-access-token";
    private const string EntityId = "8a8294174b7ecb28014b9699220015ca";
    private const string QueuePollInterval = "00:00:00.200";
    private const string RetryDelaySeconds = "1";
    private const string SchedulePollingInterval = "00:00:01";

    // 10 % in all, each fault one that a retry must get past: not executed (http500, reset) or executed with the
    // answer lost (response-lost, which the next attempt finds by query).
    private static readonly Dictionary<string, double> TransientFaults = new(StringComparer.Ordinal)
    {
        ["http500"] = 0.034,
        ["reset"] = 0.033,
        ["response-lost"] = 0.033,
    };

    private static readonly AuditActor Bench = AuditActor.Operator("bench", "operations benchmark");

    public static async Task<int> RunAsync(int count)
    {
        var folder = Directory.CreateTempSubdirectory("settlement-opsbench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Temp folders are private; the embedded server runs as postgres when the bench runs as root.
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }

        try
        {
            var serverOptions = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres"), DatabaseName = "bench" };
            // pg_stat_statements counts the statements (round trips) of each run; it must be preloaded, so a first
            // start sets it and the second one has it.
            await using (var first = await EmbeddedPostgres.StartAsync(serverOptions, NullLogger.Instance, CancellationToken.None))
            {
                await using var connection = new NpgsqlConnection(first.AdminConnectionString);
                await connection.OpenAsync();
                await using var preload = new NpgsqlCommand("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'", connection);
                await preload.ExecuteNonQueryAsync();
            }

            await using var server = await EmbeddedPostgres.StartAsync(serverOptions, NullLogger.Instance, CancellationToken.None);
            await using (var connection = new NpgsqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync();
                await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
                await extension.ExecuteNonQueryAsync();
            }

            var gatewayPort = FreePort();
            var workerCount = Environment.GetEnvironmentVariable("BENCH_WORKERS") is { } configured
                ? int.Parse(configured, NumberStyles.None, CultureInfo.InvariantCulture)
                : new OperationsOptions().WorkerCount;

            var longPolling = Environment.GetEnvironmentVariable("BENCH_LONG_POLLING") != "false";
            var queuePoll = Environment.GetEnvironmentVariable("BENCH_QUEUE_POLL") ?? QueuePollInterval;
            await using var worker = BuildWorker(server.ConnectionString, folder, gatewayPort, workerCount, longPolling, queuePoll);
            // Migrates (SchemaMigrator) before anything else touches the database.
            await worker.Services.GetRequiredService<SettlementDatabase>().OpenAsync(CancellationToken.None);
            var gateway = await StartSimulatorAsync(server.ConnectionString, gatewayPort, new Dictionary<string, double>());
            try
            {
                await worker.StartAsync(CancellationToken.None);
                var client = worker.Services.GetRequiredService<GatewayClient>();
                var ledger = worker.Services.GetRequiredService<LedgerStore>();
                var amount = Money.Parse("10.00", Currency.Eur).Value;

                var seeding = Stopwatch.StartNew();
                var directSequential = await SeedAsync(client, null, amount, count);
                var directConcurrent = await SeedAsync(client, null, amount, count);
                var pipelineClean = await SeedAsync(client, ledger, amount, count);
                var pipelineCallers = await SeedAsync(client, ledger, amount, count);
                var pipelineFaults = await SeedAsync(client, ledger, amount, count);
                Console.WriteLine(Invariant($"seeded {5 * count:N0} pre-authorizations ({3 * count:N0} also in the ledger) in {seeding.Elapsed.TotalSeconds:F1} s; Hangfire workers: {workerCount}; long polling: {longPolling}; queue poll interval: {queuePoll}; load average: {LoadAverage()}"));
                var dataSource = worker.Services.GetRequiredService<NpgsqlDataSource>();
                var costs = new List<(string Name, Cost Cost)>();

                var before = await CountAsync(dataSource, gateway, direct: true);
                var sequential = await DirectAsync(client, directSequential, amount, 1);
                costs.Add(("direct, one after another", (await CountAsync(dataSource, gateway, direct: true)).Minus(before)));
                before = await CountAsync(dataSource, gateway, direct: true);
                var concurrent = await DirectAsync(client, directConcurrent, amount, workerCount);
                costs.Add(("direct, concurrent", (await CountAsync(dataSource, gateway, direct: true)).Minus(before)));
                before = await CountAsync(dataSource, gateway, direct: false);
                var clean = await PipelineAsync(worker.Services, pipelineClean, 1);
                costs.Add(("pipeline, no faults", (await CountAsync(dataSource, gateway, direct: false)).Minus(before)));
                before = await CountAsync(dataSource, gateway, direct: false);
                var callers = await PipelineAsync(worker.Services, pipelineCallers, workerCount);
                costs.Add(("pipeline, no faults, concurrent callers", (await CountAsync(dataSource, gateway, direct: false)).Minus(before)));

                await gateway.StopAsync(CancellationToken.None);
                await gateway.DisposeAsync();
                gateway = await StartSimulatorAsync(server.ConnectionString, gatewayPort, TransientFaults);
                before = await CountAsync(dataSource, gateway, direct: false);
                var faults = await PipelineAsync(worker.Services, pipelineFaults, 1);
                costs.Add(("pipeline, 10 % transient faults", (await CountAsync(dataSource, gateway, direct: false)).Minus(before)));

                Console.WriteLine();
                Console.WriteLine("| measurement | N | concurrency | wall time | ops/s | gateway sends | job runs | time ÷ direct ×" + workerCount + " |");
                Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
                Row("direct GatewayClient, one after another", count, "1", sequential, count, null, concurrent);
                Row("direct GatewayClient, concurrent", count, workerCount.ToString(CultureInfo.InvariantCulture), concurrent, count, null, concurrent);
                Row("pipeline, no faults", count, Invariant($"{workerCount} workers"), clean.Elapsed, clean.Sends, clean.JobRuns, concurrent);
                Row(Invariant($"pipeline, no faults, requests from {workerCount} callers"), count, Invariant($"{workerCount} workers"), callers.Elapsed, callers.Sends, callers.JobRuns, concurrent);
                Row("pipeline, 10 % transient faults", count, Invariant($"{workerCount} workers"), faults.Elapsed, faults.Sends, faults.JobRuns, concurrent);
                Console.WriteLine();
                Console.WriteLine(Invariant($"requests stored and enqueued in {clean.Enqueued.TotalSeconds:F2} s (no faults), {callers.Enqueued.TotalSeconds:F2} s ({workerCount} callers), {faults.Enqueued.TotalSeconds:F2} s (faults); operations with more than one job run under faults: {faults.Retried}"));
                Console.WriteLine(Invariant($"ratio pipeline/direct (wall time for the same N): {clean.Elapsed / concurrent:F2}× against {workerCount} concurrent direct calls, {clean.Elapsed / sequential:F2}× against sequential calls"));
                Console.WriteLine();
                Console.WriteLine("| per operation | write commits | database statements | gateway requests |");
                Console.WriteLine("|---|--:|--:|--:|");
                foreach (var (name, cost) in costs)
                {
                    Console.WriteLine(Invariant($"| {name} | {(double)cost.Commits / count:F1} | {(double)cost.Statements / count:F1} | {(double)cost.GatewayRequests / count:F2} |"));
                }

                Console.WriteLine(Invariant($"load average at the end: {LoadAverage()}"));
                return clean.Succeeded == count && callers.Succeeded == count && faults.Succeeded == count ? 0 : 2;
            }
            finally
            {
                await worker.StopAsync(CancellationToken.None);
                await gateway.StopAsync(CancellationToken.None);
                await gateway.DisposeAsync();
            }
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1")
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    // Write commits: transaction ids handed out (read-only transactions take none), the simulator's included, as it keeps
    // its state in the same database. Statements: pg_stat_statements calls, BEGIN and COMMIT included, each one round
    // trip; the bench's own polling is marked and left out, and for direct calls so are Hangfire's idle polls.
    private sealed record Cost(long Commits, long Statements, long GatewayRequests)
    {
        public Cost Minus(Cost earlier) => new(Commits - earlier.Commits, Statements - earlier.Statements, GatewayRequests - earlier.GatewayRequests);
    }

    private static async Task<Cost> CountAsync(NpgsqlDataSource dataSource, WebApplication gateway, bool direct)
    {
        await using var command = dataSource.CreateCommand(
            """
            /* bench */ SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
                   coalesce((SELECT sum(calls) FROM pg_stat_statements
                             WHERE query NOT LIKE '%/* bench */%' AND (NOT @direct OR query NOT LIKE '%hangfire.%')), 0)::bigint
            """);
        command.Parameters.AddWithValue("direct", direct);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Cost(reader.GetInt64(0), reader.GetInt64(1), gateway.Services.GetRequiredService<SimulatorRequestLog>().Count);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Row(string name, int count, string concurrency, TimeSpan elapsed, int sends, int? jobRuns, TimeSpan direct) =>
        Console.WriteLine(Invariant(
            $"| {name} | {count:N0} | {concurrency} | {elapsed.TotalSeconds:F2} s | {count / elapsed.TotalSeconds:N0} | {sends:N0} | {(jobRuns is { } runs ? runs.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {elapsed / direct:F2}× |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Pre-authorizations at the simulator (and, for the pipeline, in the ledger, as their webhook would record them).</summary>
    private static async Task<List<string>> SeedAsync(GatewayClient client, LedgerStore? ledger, Money amount, int count)
    {
        var card = new PaymentCard("VISA", "4200000000000000", "Jane Jones", 12, 2030, "123");
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, cancellationToken) =>
        {
            var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(OperationIds.New(), TransactionType.PreAuthorization, amount, card), cancellationToken);
            var response = outcome.Response is { IsSuccessful: true } answered ? answered : throw new InvalidOperationException("seeding a PA failed: " + outcome);
            if (ledger is not null)
            {
                var recorded = await ledger.StartPaymentAsync(
                    new NewPayment(response.Id!, TransactionType.PreAuthorization, amount, response.Timestamp ?? Instant.FromUnixTimeSeconds(0), response.ResultCode, response.MerchantTransactionId),
                    AuditActor.Gateway("simulator", "bench payment"),
                    cancellationToken);
                if (recorded.IsFailure)
                {
                    throw new InvalidOperationException("the ledger refused a seeded PA: " + recorded.Error.Message);
                }
            }

            ids[index] = response.Id!;
        });
        return [.. ids];
    }

    /// <summary>A capture of each PA sent straight with the client, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<TimeSpan> DirectAsync(GatewayClient client, List<string> payments, Money amount, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(payments, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (payment, cancellationToken) =>
        {
            var outcome = await client.SendBackofficeAsync(new BackofficeRequest(OperationIds.New(), TransactionType.Capture, payment, amount), cancellationToken);
            if (outcome.Response is not { IsSuccessful: true })
            {
                throw new InvalidOperationException("a direct capture failed: " + outcome);
            }
        });
        return clock.Elapsed;
    }

    private sealed record PipelineRun(TimeSpan Elapsed, TimeSpan Enqueued, int Succeeded, int Sends, int JobRuns, int Retried);

    /// <summary>
    /// A capture of each PA through the operations request path (<paramref name="callers"/> requests at a time), timed
    /// from the first request until every operation is succeeded in <c>operations.operations</c>.
    /// </summary>
    private static async Task<PipelineRun> PipelineAsync(IServiceProvider services, List<string> payments, int callers)
    {
        var requests = services.GetRequiredService<OperationRequests>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var ids = new string[payments.Count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, payments.Count), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (index, cancellationToken) =>
        {
            var requested = await requests.RequestAsync(new OperationOrder(TransactionType.Capture, payments[index], null, null, Bench), cancellationToken);
            ids[index] = requested.IsSuccess ? requested.Value.Id : throw new InvalidOperationException("a capture was refused: " + requested.Error.Message);
        });

        var enqueued = clock.Elapsed;
        var idArray = ids;
        var succeeded = 0;
        while (succeeded < ids.Length && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var command = dataSource.CreateCommand("/* bench */ SELECT count(*) FROM operations.operations WHERE status = 'succeeded' AND operation_id = ANY(@ids)");
            command.Parameters.AddWithValue("ids", idArray);
            succeeded = (int)(long)(await command.ExecuteScalarAsync())!;
            if (succeeded < ids.Length)
            {
                await Task.Delay(10);
            }
        }

        var elapsed = clock.Elapsed;
        await using var stats = dataSource.CreateCommand(
            """
            /* bench */ SELECT coalesce(sum(o.attempts), 0)::int,
                   (SELECT count(*) FROM hangfire.state s WHERE s.name = 'Processing' AND s.jobid IN (SELECT job_id::bigint FROM operations.operations WHERE operation_id = ANY(@ids)))::int,
                   (SELECT count(*) FROM (SELECT s.jobid FROM hangfire.state s WHERE s.name = 'Processing' AND s.jobid IN (SELECT job_id::bigint FROM operations.operations WHERE operation_id = ANY(@ids)) GROUP BY s.jobid HAVING count(*) > 1) r)::int
            FROM operations.operations o WHERE o.operation_id = ANY(@ids)
            """);
        stats.Parameters.AddWithValue("ids", idArray);
        await using var reader = await stats.ExecuteReaderAsync();
        await reader.ReadAsync();
        var run = new PipelineRun(elapsed, enqueued, succeeded, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        if (succeeded < ids.Length)
        {
            await Console.Error.WriteLineAsync(Invariant($"only {succeeded} of {ids.Length} operations succeeded within 3 minutes"));
        }

        return run;
    }

    internal static WebApplication BuildWorker(string connectionString, string folder, int gatewayPort, int workerCount, bool longPolling = true, string queuePollInterval = QueuePollInterval)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Settlement"] = connectionString,
            ["Settlement:DataDirectory"] = Path.Combine(folder, "worker"),
            ["Settlement:Gateway:BaseUrl"] = $"http://127.0.0.1:{gatewayPort}",
            ["Settlement:Gateway:AccessToken"] = Token,
            ["Settlement:Gateway:EntityId"] = EntityId,
            ["Settlement:Operations:WorkerCount"] = workerCount.ToString(CultureInfo.InvariantCulture),
            ["Settlement:Operations:QueuePollInterval"] = queuePollInterval,
            ["Settlement:Operations:LongPolling"] = longPolling ? "true" : "false",
            ["Settlement:Operations:RetryDelaysSeconds:0"] = RetryDelaySeconds,
            ["Settlement:Operations:SchedulePollingInterval"] = SchedulePollingInterval,
        });
#pragma warning disable RS0030 // A benchmark's composition root: real time is what it measures.
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        builder.Services.AddSettlementDatabase(builder.Configuration);
        builder.Services.AddSettlementOperations(builder.Configuration, executeJobs: true);
        return builder.Build();
    }

    internal static async Task<WebApplication> StartSimulatorAsync(string connectionString, int port, IReadOnlyDictionary<string, double> rates)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Simulator"] = connectionString,
            ["Simulator:AccessToken"] = Token,
            ["Simulator:EntityIds:0"] = EntityId,
        };
        foreach (var (fault, rate) in rates)
        {
            settings[$"Simulator:Faults:Rates:{fault}"] = rate.ToString(CultureInfo.InvariantCulture);
        }

        var app = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(CancellationToken.None);
        return app;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
