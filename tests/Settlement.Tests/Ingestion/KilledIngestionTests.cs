using System.Text;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Ingestion;

public sealed class KilledIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const int Lines = 250_000;

    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_large_file_leaves_nothing_and_the_next_run_completes_it()
    {
        var file = Path.Combine(_folder.Root, "large-settlement.csv");
        await WriteLargeSettlementFileAsync(file);
        var settings = new[] { "ingest", file, $"--ConnectionStrings:Settlement={database.ConnectionString}", $"--Settlement:DataDirectory={_folder.Root}" };

        await using (var doomed = WorkerProcess.Start(_folder.Root, settings))
        {
            // Kill it once it holds the claim and is reading: after the claim, before the commit.
            Assert.True(await WaitForAsync(() => CountAsync("SELECT count(*) FROM intake.files WHERE original_name = 'large-settlement.csv' AND status = 'processing'"), TimeSpan.FromSeconds(60)), doomed.Output + doomed.Error);
            doomed.Kill();
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(10), Cancel));
        }

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE 'large-%'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name = 'large-settlement.csv' AND status = 'processed'"));

        await using var restarted = WorkerProcess.Start(_folder.Root, settings);
        Assert.True(await restarted.WaitForExitAsync(TimeSpan.FromSeconds(120), Cancel), "the second run did not finish");

        Assert.True(restarted.ExitCode == 0, restarted.Output + restarted.Error);
        Assert.Equal(Lines, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE 'large-%'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name = 'large-settlement.csv' AND status = 'processed'"));
    }

    [Fact]
    public async Task A_worker_killed_after_archiving_its_files_but_before_reconciling_them_reconciles_them_when_it_starts_again()
    {
        // As a kill between the file's commit and the reconciliation leaves it: processed, archived, its lines undecided.
        var file = _folder.Drop("settlement-undecided.csv", "line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency\nundecided-1,2026-11-24,B1,SETTLED,8ac7a4a1000000000000000000000001,10.00,EUR\n");
        await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE l.line_id = 'undecided-1'"));

        await using var worker = WorkerProcess.Start(
            _folder.Root, "run", $"--ConnectionStrings:Settlement={database.ConnectionString}", $"--Settlement:DataDirectory={_folder.Root}");

        Assert.True(
            await WaitForAsync(() => CountAsync("SELECT count(*) FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE l.line_id = 'undecided-1'"), TimeSpan.FromSeconds(90)),
            worker.Output + worker.Error);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task WriteLargeSettlementFileAsync(string path)
    {
        await using var writer = new StreamWriter(path, append: false, Encoding.UTF8, bufferSize: 1 << 16);
        await writer.WriteAsync("line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency,fee_amount,net_amount\n");
        for (var line = 0; line < Lines; line++)
        {
            await writer.WriteAsync($"large-{line},2026-11-24,B{line / 1000},SETTLED,8ac7a4a1{line:D24},ORD-{line},{line % 500}.{line % 100:D2},EUR,0.10,\n");
        }
    }

    private Task<long> CountAsync(string sql) => _folder.CountAsync(sql);

    private static Task<bool> WaitForAsync(Func<Task<long>> count, TimeSpan timeout) =>
        Eventually.TrueAsync(async _ => await count() > 0, timeout, Cancel, pollMilliseconds: 20);
}
