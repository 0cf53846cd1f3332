using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Database;
using Settlement.Worker.Operations;
using Settlement.Worker.Simulator;

namespace Settlement.Bench;

/// <summary>
/// Capture sweep benchmark (issue: schedules, capture before expiry). <c>total</c> open PAs, of which <c>due</c>
/// are due: the due ones are real PAs at the simulator (recorded with an expiry 12 h away), the others are copied
/// into the ledger as Mastercard pre-authorizations 10 days old (old enough to be decided, 20 days from due).
/// One sweep: time to decide, to record decisions and operation rows, to enqueue; then captures/second until
/// every capture succeeded at the simulator. For comparison, the same count of captures asked one by one through
/// <see cref="OperationRequests.RequestAsync(OperationOrder, CancellationToken)"/> (a sample of 1,000, timed to enqueue).
/// </summary>
internal static class CaptureSweepBenchmark
{
    private const int OneByOneSample = 1_000;

    public static async Task<int> RunAsync(int total, int due)
    {
        var folder = Directory.CreateTempSubdirectory("settlement-sweepbench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Temp folders are private; the embedded server runs as postgres when the bench runs as root.
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }

        try
        {
            await using var server = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres"), DatabaseName = "bench" },
                NullLogger.Instance,
                CancellationToken.None);
            var gatewayPort = OperationsBenchmark.FreePort();
            var workerCount = new OperationsOptions().WorkerCount;
            await using var worker = OperationsBenchmark.BuildWorker(server.ConnectionString, folder, gatewayPort, workerCount);
            await worker.Services.GetRequiredService<SettlementDatabase>().OpenAsync(CancellationToken.None);
            var gateway = await OperationsBenchmark.StartSimulatorAsync(server.ConnectionString, gatewayPort, new Dictionary<string, double>());
            try
            {
                await worker.StartAsync(CancellationToken.None);
                var services = worker.Services;
                var clock = services.GetRequiredService<IClock>();
                var dataSource = services.GetRequiredService<NpgsqlDataSource>();
                var amount = Money.Parse("10.00", Currency.Eur).Value;

                var seeding = Stopwatch.StartNew();
                var expiresAt = clock.GetCurrentInstant() + Duration.FromHours(12);
                var oneByOne = await SeedDueAsync(services, amount, OneByOneSample, expiresAt);
                var duePas = await SeedDueAsync(services, amount, due, expiresAt);
                await CopyNotDueAsync(dataSource, total - due, clock.GetCurrentInstant() - Duration.FromDays(10));
                Console.WriteLine(Invariant($"seeded {due + OneByOneSample:N0} due PAs at the simulator and {total - due:N0} not due in the ledger in {seeding.Elapsed.TotalSeconds:F1} s; Hangfire workers: {workerCount}"));

                // The existing path, one request at a time, on a sample: stored and enqueued, then left to run.
                var requests = services.GetRequiredService<OperationRequests>();
                var single = Stopwatch.StartNew();
                var sampleIds = new List<string>();
                foreach (var pa in oneByOne)
                {
                    var requested = await requests.RequestAsync(new OperationOrder(TransactionType.Capture, pa, null, null, AuditActor.Operator("bench", "one by one")), CancellationToken.None);
                    sampleIds.Add(requested.IsSuccess ? requested.Value.Id : throw new InvalidOperationException(requested.Error.Message));
                }

                var singleElapsed = single.Elapsed;
                await WaitForSuccessAsync(dataSource, sampleIds, TimeSpan.FromMinutes(5));

                var sweep = new CaptureSweep(
                    new CaptureSweepStore(dataSource),
                    services.GetRequiredService<LedgerStore>(),
                    services.GetRequiredService<OperationStore>(),
                    requests,
                    ExpiryPolicy.Default(DateTimeZone.Utc),
                    Options.Create(new CaptureBeforeExpirySettings()),
                    clock,
                    services.GetRequiredService<Settlement.Worker.Observability.SettlementMetrics>(),
                    NullLogger<CaptureSweep>.Instance);
                var swept = Stopwatch.StartNew();
                var report = await sweep.SweepAsync(dryRun: false, CancellationToken.None);
                var operationIds = report.Taken.Where(outcome => outcome.Operation is not null).Select(outcome => outcome.Operation!.Id).ToList();
                var succeeded = await WaitForSuccessAsync(dataSource, operationIds, TimeSpan.FromMinutes(30));
                var throughput = swept.Elapsed;

                Console.WriteLine();
                Console.WriteLine("| measurement | PAs | due | time | rate |");
                Console.WriteLine("|---|--:|--:|--:|--:|");
                Console.WriteLine(Invariant($"| sweep: load and decide | {report.Considered:N0} | {operationIds.Count:N0} | {report.Deciding.TotalSeconds:F2} s | {report.Considered / report.Deciding.TotalSeconds:N0} PAs/s |"));
                Console.WriteLine(Invariant($"| sweep: plan, record decisions and operation rows | | {operationIds.Count:N0} | {report.Recording.TotalSeconds:F2} s | {operationIds.Count / report.Recording.TotalSeconds:N0} /s |"));
                Console.WriteLine(Invariant($"| sweep: enqueue Hangfire jobs | | {operationIds.Count:N0} | {report.Enqueueing.TotalSeconds:F2} s | {operationIds.Count / report.Enqueueing.TotalSeconds:N0} /s |"));
                Console.WriteLine(Invariant($"| one by one through RequestAsync (sample) | | {OneByOneSample:N0} | {singleElapsed.TotalSeconds:F2} s | {OneByOneSample / singleElapsed.TotalSeconds:N0} /s |"));
                Console.WriteLine(Invariant($"| sweep start to every capture succeeded at the simulator | | {succeeded:N0} | {throughput.TotalSeconds:F2} s | {succeeded / throughput.TotalSeconds:N0} captures/s |"));
                Console.WriteLine();
                Console.WriteLine(report.Summary);
                return succeeded == due ? 0 : 2;
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
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>PAs at the simulator, recorded in the ledger as VISA with an expiry within the lead time.</summary>
    private static async Task<List<string>> SeedDueAsync(IServiceProvider services, Money amount, int count, Instant expiresAt)
    {
        var client = services.GetRequiredService<GatewayClient>();
        var ledger = services.GetRequiredService<LedgerStore>();
        var card = new PaymentCard("VISA", "4200000000000000", "Jane Jones", 12, 2030, "123");
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, cancellationToken) =>
        {
            var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(OperationIds.New(), TransactionType.PreAuthorization, amount, card), cancellationToken);
            var response = outcome.Response is { IsSuccessful: true } answered ? answered : throw new InvalidOperationException("seeding a PA failed: " + outcome);
            var recorded = await ledger.StartPaymentAsync(
                new NewPayment(response.Id!, TransactionType.PreAuthorization, amount, response.Timestamp!.Value, response.ResultCode, response.MerchantTransactionId,
                    new PaymentDetails { CardBrand = "VISA", ExpiresAt = expiresAt }),
                AuditActor.Gateway("simulator", "bench payment"),
                cancellationToken);
            ids[index] = recorded.IsSuccess ? response.Id! : throw new InvalidOperationException("the ledger refused a seeded PA: " + recorded.Error.Message);
        });
        return [.. ids];
    }

    /// <summary>Open Mastercard pre-authorizations (30 days), copied straight into the ledger.</summary>
    private static async Task CopyNotDueAsync(NpgsqlDataSource dataSource, int count, Instant authorizedAt)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var payments = await connection.BeginBinaryImportAsync(
            """
            COPY ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded, processed_at, authorization_kind, card_brand,
                recorded_at, updated_at, authorized_minor, open_minor) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var index = 0; index < count; index++)
            {
                await payments.WriteRowAsync(CancellationToken.None, $"bench-pa-{index:D7}", "PA", "EUR", 1000L, "000.100.110", true, authorizedAt, "pre", "MASTER", authorizedAt, authorizedAt, 1000L, 1000L);
            }

            await payments.CompleteAsync();
        }

        await using var transactions = await connection.BeginBinaryImportAsync(
            "COPY ledger.transactions (transaction_id, payment_id, transaction_type, currency, amount_minor, result_code, processed_at, recorded_at) FROM STDIN (FORMAT BINARY)");
        for (var index = 0; index < count; index++)
        {
            var id = $"bench-pa-{index:D7}";
            await transactions.WriteRowAsync(CancellationToken.None, id, id, "PA", "EUR", 1000L, "000.100.110", authorizedAt, authorizedAt);
        }

        await transactions.CompleteAsync();
    }

    private static async Task<int> WaitForSuccessAsync(NpgsqlDataSource dataSource, List<string> operationIds, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var succeeded = 0;
        while (succeeded < operationIds.Count && waited.Elapsed < timeout)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM operations.operations WHERE status = 'succeeded' AND operation_id = ANY(@ids)");
            command.Parameters.AddWithValue("ids", operationIds.ToArray());
            succeeded = (int)(long)(await command.ExecuteScalarAsync())!;
            if (succeeded < operationIds.Count)
            {
                await Task.Delay(50);
            }
        }

        return succeeded;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
