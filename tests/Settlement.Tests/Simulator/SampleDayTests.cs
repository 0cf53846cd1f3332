using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Simulator;

/// <summary>
/// The sample day (<c>samples/files</c>) dropped into a running worker with the built-in simulator as its gateway, as
/// a newcomer does: the simulator learns the payments of its transactions export, so the chargeback, the hotel's
/// capture and release and the taxi's rebill succeed, and no operation becomes an exception.
/// </summary>
/// <remarks>
/// The files are the repository's own, with their dates moved so that the settlement date is today: the sample
/// is dated, and its hotel pre-authorization lapses 30 days after its stay began, whatever day the test runs.
/// </remarks>
public sealed partial class SampleDayTests(PostgresServer server) : IDisposable
{
    private static readonly LocalDate SampleSettlementDate = new(2026, 11, 24);
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-sample-day-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_day_runs_clean_against_the_built_in_simulator()
    {
        var connectionString = await server.CreateDatabaseAsync("sample_day");
        var dataDirectory = Path.Combine(_folder, "data");
        await using var worker = WorkerProcess.Start(_folder, $"--ConnectionStrings:Settlement={connectionString}", $"--Settlement:DataDirectory={dataDirectory}");
        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);
        await using var dataSource = DataSourceOf(connectionString);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var shift = LocalDate.FromDateOnly(today) - SampleSettlementDate;

        Directory.CreateDirectory(Path.Combine(dataDirectory, "inbox"));
        foreach (var sample in Directory.EnumerateFiles(RepositoryPaths.SampleFiles, "*.csv"))
        {
            var moved = Dates().Replace(await File.ReadAllTextAsync(sample, Cancel), date => LocalDatePattern.Iso.Format(LocalDatePattern.Iso.Parse(date.Value).Value.Plus(shift)));
            var partial = Path.Combine(dataDirectory, "inbox", $".{Path.GetFileName(sample)}.partial");
            await File.WriteAllTextAsync(partial, moved, Cancel);
            File.Move(partial, Path.Combine(dataDirectory, "inbox", Path.GetFileName(sample)));
        }

        // The taxi ride's transactions line says "estimated", which the canonical transactions format reads on a PA
        // only: its rebill waits for a person, who approves it as `op approve` does.
        var rebill = await EventuallyAsync(dataSource, "SELECT operation_id FROM operations.operations WHERE kind = 'RB'");
        if (await ScalarAsync<string>(dataSource, $"SELECT status FROM operations.operations WHERE operation_id = '{rebill}'") == "awaiting-approval")
        {
            await using var approve = WorkerProcess.Start(_folder, "op", "approve", rebill, "--by", "tests", $"--ConnectionStrings:Settlement={connectionString}", $"--Settlement:DataDirectory={dataDirectory}");
            Assert.True(await approve.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel) && approve.ExitCode == 0, approve.Output + approve.Error);
        }

        await EventuallyAsync(dataSource, "SELECT 1 FROM operations.operations HAVING count(*) = 4 AND bool_and(status NOT IN ('requested', 'sending', 'awaiting-approval'))");
        Assert.Equal(
            ["CB 7500 ORD-1005 succeeded", "CP 3000 ORD-1003 succeeded", "RB 350 RIDE-1013 succeeded", "RV - ORD-1003 succeeded"],
            await ListAsync(dataSource,
                """
                SELECT o.kind || ' ' || coalesce(o.amount_minor::text, '-') || ' ' || p.merchant_transaction_id || ' ' || o.status
                FROM operations.operations o JOIN ledger.transactions t ON t.transaction_id = o.referenced_id JOIN ledger.payments p ON p.payment_id = t.payment_id
                ORDER BY 1
                """));
        Assert.Empty(await ListAsync(dataSource, "SELECT kind || ': ' || summary FROM recon.exceptions WHERE kind LIKE 'operation_%'"));
        // The ledger has every leg the gateway executed: the hotel closed at 180.00 with the rest released, the ride at 23.50.
        Assert.Equal(["CB 7500", "CP 3000", "RB 350", "RV 2000"], await ListAsync(dataSource,
            "SELECT transaction_type || ' ' || amount_minor FROM ledger.transactions WHERE merchant_transaction_id ~ '^[0-9a-f]{32}$' ORDER BY 1"));
        Assert.Equal(17L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM simulator.transactions WHERE transaction_id IN (SELECT payment_id FROM acquirer.transaction_lines)"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // /tmp is cleaned by the system.
        }
    }

    private static NpgsqlDataSource DataSourceOf(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        return builder.Build();
    }

    private static async Task<string> EventuallyAsync(NpgsqlDataSource dataSource, string sql)
    {
        var found = await Eventually.FoundAsync(
            async token =>
            {
                await using var command = dataSource.CreateCommand(sql);
                return await command.ExecuteScalarAsync(token) is { } value and not DBNull ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
            },
            TimeSpan.FromSeconds(90),
            Cancel,
            pollMilliseconds: 200);
        Assert.True(found is not null, $"nothing for {sql} within 90 s");
        return found;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static async Task<List<string>> ListAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    [GeneratedRegex(@"(?<!\d)20\d\d-\d\d-\d\d(?!\d)")]
    private static partial Regex Dates();
}
