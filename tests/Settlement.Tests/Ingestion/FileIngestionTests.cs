using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class FileIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency,fee_amount,net_amount\n";

    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_settlement_file_is_stored_line_by_line_and_archived_with_its_bad_lines_reported_beside_it()
    {
        var prefix = Guid.NewGuid().ToString("N");
        var file = _folder.Drop("settlement-good.csv", SettlementHeader
            + $"{prefix}-1,2026-11-24,B1,SETTLED,pay-1,ORD-1,100.00,EUR,1.20,98.80\n"
            + $"{prefix}-2,2026-11-24,B1,SETTLED,pay-2,ORD-2,12.345,EUR,0.10,12.23\n"
            + $"{prefix}-3,2026-11-24,B1,REFUNDED,pay-3,ORD-3,5.00,EUR,,\n");

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal(IngestionStatus.Processed, result.Status);
        Assert.Equal(FileKind.Settlement, result.Kind);
        Assert.Equal((3L, 2L, 1L, 0L), (result.LinesTotal, result.LinesOk, result.LinesRejected, result.LinesDuplicate));
        Assert.Equal(2, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id", ("id", result.FileId!.Value)));
        Assert.Equal(10_000, await _folder.CountAsync("SELECT gross_minor FROM acquirer.settlement_lines WHERE line_id = @id", ("id", $"{prefix}-1")));
        Assert.False(File.Exists(file), "the file left the inbox");
        Assert.Equal(Path.Combine(_folder.Paths.Archive, "2026-11-25", "settlement-good.csv"), result.MovedTo);
        var report = await File.ReadAllTextAsync(Path.Combine(_folder.Paths.Archive, "2026-11-25", "settlement-good.errors.csv"), Cancel);
        Assert.Contains("3,gross_amount,12.345,amount '12.345' has 3 decimals; EUR allows 2", report, StringComparison.Ordinal);
        var record = await _folder.Intake.FindAsync(result.FileId.Value, Cancel);
        Assert.Equal(("processed", "settlement", 3L, 2L, 1L), (record!.Status, record.Kind, record.LinesTotal, record.LinesOk, record.LinesRejected));
    }

    [Fact]
    public async Task The_same_file_twice_is_a_duplicate_and_counts_nothing_again()
    {
        var content = SettlementHeader + $"{Guid.NewGuid():N},2026-11-24,B1,SETTLED,pay-1,ORD-1,100.00,EUR,1.20,98.80\n";
        var first = await _folder.Pipeline().IngestAsync(_folder.Drop("day.csv", content), keepOriginal: false, progress: null, Cancel);

        var second = await _folder.Pipeline().IngestAsync(_folder.Drop("day-again.csv", content), keepOriginal: false, progress: null, Cancel);

        Assert.Equal(IngestionStatus.Duplicate, second.Status);
        Assert.Equal($"same content as file {first.FileId}", second.Reason);
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id", ("id", second.FileId!.Value)));
        Assert.True(File.Exists(second.MovedTo), "a duplicate is archived too");
    }

    [Fact]
    public async Task The_same_line_in_two_files_is_stored_once()
    {
        var shared = $"{Guid.NewGuid():N},2026-11-24,B1,SETTLED,pay-1,ORD-1,100.00,EUR,1.20,98.80\n";
        await _folder.Pipeline().IngestAsync(_folder.Drop("a.csv", SettlementHeader + shared), keepOriginal: false, progress: null, Cancel);

        var second = await _folder.Pipeline().IngestAsync(
            _folder.Drop("b.csv", SettlementHeader + shared + $"{Guid.NewGuid():N},2026-11-24,B1,SETTLED,pay-2,ORD-2,10.00,EUR,,\n"),
            keepOriginal: false,
            progress: null,
            Cancel);

        Assert.Equal((2L, 2L, 1L), (second.LinesTotal, second.LinesOk, second.LinesDuplicate));
        Assert.Equal(1, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id", ("id", second.FileId!.Value)));
    }

    [Fact]
    public async Task A_line_repeated_within_one_file_is_stored_once_and_counted_as_a_duplicate()
    {
        var repeated = $"{Guid.NewGuid():N},2026-11-24,B1,SETTLED,pay-1,ORD-1,100.00,EUR,1.20,98.80\n";
        var other = $"{Guid.NewGuid():N},2026-11-24,B1,SETTLED,pay-2,ORD-2,10.00,EUR,,\n";

        var result = await _folder.Pipeline().IngestAsync(
            _folder.Drop("repeats.csv", SettlementHeader + repeated + other + repeated), keepOriginal: false, progress: null, Cancel);

        Assert.Equal((3L, 3L, 1L), (result.LinesTotal, result.LinesOk, result.LinesDuplicate));
        // The first occurrence (file line 2) stays; its repeat (file line 4) is the duplicate.
        Assert.Equal(2, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id", ("id", result.FileId!.Value)));
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id AND line_number = 4", ("id", result.FileId!.Value)));
    }

    [Fact]
    public async Task An_unreadable_file_is_quarantined_with_the_reason_beside_it()
    {
        var file = _folder.Drop("mystery.csv", "foo,bar,baz\n1,2,3\n");

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal(IngestionStatus.Quarantined, result.Status);
        Assert.Equal(Path.Combine(_folder.Paths.Quarantine, "mystery.csv"), result.MovedTo);
        var reason = await File.ReadAllTextAsync(result.MovedTo + ".error.txt", Cancel);
        Assert.StartsWith("no format fits this file", reason, StringComparison.Ordinal);
        Assert.Equal("quarantined", (await _folder.Intake.FindAsync(result.FileId!.Value, Cancel))!.Status);
    }

    [Fact]
    public async Task A_header_without_lines_is_a_day_without_activity()
    {
        var result = await _folder.Pipeline().IngestAsync(_folder.Drop($"{Guid.NewGuid():N}.csv", SettlementHeader), keepOriginal: false, progress: null, Cancel);

        Assert.Equal(IngestionStatus.Processed, result.Status);
        Assert.Equal(0, result.LinesTotal);
    }

    [Fact]
    public async Task A_file_named_on_the_command_line_stays_where_it_is()
    {
        var file = _folder.Drop("keep.csv", SettlementHeader + $"{Guid.NewGuid():N},2026-11-24,B1,FEE,,,1.00,EUR,,\n");

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: true, progress: null, Cancel);

        Assert.True(File.Exists(file));
        Assert.True(File.Exists(result.MovedTo));
    }

    [Fact]
    public async Task Two_instances_racing_for_one_folder_count_each_line_once()
    {
        var files = Enumerable.Range(0, 6)
            .Select(i => _folder.Drop($"race-{i}.csv", SettlementHeader + string.Concat(Enumerable.Range(0, 200).Select(l => $"race-{i}-{Guid.NewGuid():N},2026-11-24,B{i},SETTLED,pay-{l},ORD-{l},1.00,EUR,,\n"))))
            .ToList();
        var instances = new[] { new WorkerInstance("race-a"), new WorkerInstance("race-b") };

        var results = await Task.WhenAll(instances.Select(instance => Task.Run(
            async () =>
            {
                var taken = new List<IngestionResult>();
                foreach (var file in files.Where(File.Exists))
                {
                    try
                    {
                        taken.Add(await _folder.Pipeline(instance).IngestAsync(file, keepOriginal: true, progress: null, Cancel));
                    }
                    catch (IOException)
                    {
                        // The other instance moved it first.
                    }
                }

                return taken;
            },
            Cancel)));

        var processed = results.SelectMany(taken => taken).Where(result => result.Status == IngestionStatus.Processed).ToList();
        Assert.Equal(6, processed.Count);
        Assert.Equal(6, processed.Select(result => result.File).Distinct().Count());
        Assert.Equal(1_200, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE 'race-%'"));
    }

    public void Dispose() => _folder.Dispose();
}
