using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;

namespace Settlement.Tests.RemoteSources;

/// <summary>Pulls against a real OpenSSH server, into the drop folder's intake on a real PostgreSQL.</summary>
public sealed class SftpPullTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly IngestionFolder _folder = new(database.DataSource);
    private OpenSshServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await OpenSshServer.StartAsync(Cancel);

    [Fact]
    public async Task Three_files_are_taken_once_each_a_second_pull_takes_nothing_and_a_new_file_is_taken_by_the_next()
    {
        var prefix = Unique();
        for (var day = 1; day <= 3; day++)
        {
            _server.Publish($"{prefix}-{day}.csv", SettlementFile($"{prefix}-{day}", 2));
        }

        using var instance = new PullingInstance(_folder, _server, source => source.Pattern = $"{prefix}-*.csv");

        var first = await instance.PullAsync();
        Assert.Null(first.Failure);
        Assert.Equal(3, first.Taken);
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p AND status = 'processed'", prefix));
        Assert.Equal(6, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE @p", prefix));

        var second = await instance.PullAsync();
        Assert.Equal(0, second.Taken);
        Assert.All(second.Files, file => Assert.Equal("already-taken", file.Outcome));

        _server.Publish($"{prefix}-4.csv", SettlementFile($"{prefix}-4", 2));
        var third = await instance.PullAsync();

        Assert.Equal([$"{prefix}-4.csv"], third.Files.Where(file => file.IsTaken).Select(file => file.Name));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p", prefix));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM sources.remote_files WHERE remote_path LIKE '%' || @p AND status = 'done' AND remote_action = 'left'", prefix));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Root, "sources"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_growing_between_the_two_listings_is_not_taken_until_it_holds_still()
    {
        var prefix = Unique();
        var path = _server.Publish($"{prefix}.csv", SettlementFile(prefix, 1));
        using var instance = new PullingInstance(_folder, _server, source =>
        {
            source.Pattern = $"{prefix}*.csv";
            source.StableFor = TimeSpan.FromSeconds(1);
        });

        // The acquirer is still writing: a line every 100 ms for as long as the first pull runs.
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var writer = Task.Run(
            async () =>
            {
                for (var line = 2; !writing.IsCancellationRequested; line++)
                {
                    await File.AppendAllTextAsync(path, $"{prefix}-{line},2026-11-24,B1,SETTLED,8ac7a4a1{line:D24},10.00,EUR\n", CancellationToken.None);
                    await Task.Delay(100, CancellationToken.None);
                }
            },
            CancellationToken.None);
        var whileWriting = await instance.PullAsync();
        await writing.CancelAsync();
        await writer;

        Assert.Equal("still-writing", Assert.Single(whileWriting.Files).Outcome);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM sources.remote_files WHERE remote_path LIKE '%' || @p", prefix));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p", prefix));

        var once = await instance.PullAsync();

        Assert.Equal("processed", Assert.Single(once.Files).Outcome);
        var lines = File.ReadAllLines(path).Length - 1;
        Assert.Equal(lines, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE @p", prefix));
    }

    [Fact]
    public async Task With_a_done_marker_convention_a_file_waits_for_its_marker_and_goes_to_the_done_folder_with_it()
    {
        var prefix = Unique();
        _server.Publish($"{prefix}.csv", SettlementFile(prefix, 1));
        var done = _server.CreateFolder($"done-{prefix}");
        using var instance = new PullingInstance(_folder, _server, source =>
        {
            source.Pattern = $"{prefix}*";
            source.DoneMarkerSuffix = ".done";
            source.AfterTaken = "move";
            source.MoveTo = done;
        });

        var beforeMarker = await instance.PullAsync();
        Assert.Equal("awaiting-marker", Assert.Single(beforeMarker.Files).Outcome);

        _server.Publish($"{prefix}.csv.done", string.Empty);
        var afterMarker = await instance.PullAsync();

        Assert.Equal("processed", Assert.Single(afterMarker.Files).Outcome);
        Assert.Equal([$"{prefix}.csv", $"{prefix}.csv.done"], Directory.EnumerateFiles(done).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_server.Folder, $"{prefix}.csv")));
    }

    [Fact]
    public async Task A_download_that_disagrees_with_its_checksum_file_is_not_taken_and_one_that_agrees_is()
    {
        var prefix = Unique();
        var content = SettlementFile(prefix, 1);
        _server.Publish($"{prefix}.csv", content);
        _server.Publish($"{prefix}.csv.sha256", new string('0', 64) + $"  {prefix}.csv\n");
        using var instance = new PullingInstance(_folder, _server, source =>
        {
            source.Pattern = $"{prefix}*";
            source.AfterTaken = "delete";
        });

        var refused = await instance.PullAsync();

        var file = Assert.Single(refused.Files);
        Assert.Equal("failed", file.Outcome);
        Assert.Contains("SHA-256", file.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p", prefix));

        _server.Publish($"{prefix}.csv.sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))) + $"  {prefix}.csv\n");
        var taken = await instance.PullAsync();

        Assert.Equal("processed", Assert.Single(taken.Files).Outcome);
        Assert.Empty(Directory.EnumerateFiles(_server.Folder, $"{prefix}*"));
    }

    [Fact]
    public async Task Two_instances_pulling_the_same_source_at_once_take_each_file_once()
    {
        var prefix = Unique();
        const int Files = 12;
        for (var file = 0; file < Files; file++)
        {
            _server.Publish($"{prefix}-{file:D2}.csv", SettlementFile($"{prefix}-{file:D2}", 3));
        }

        using var one = new PullingInstance(_folder, _server, source => source.Pattern = $"{prefix}-*.csv", instance: "host-a:1");
        using var two = new PullingInstance(_folder, _server, source => source.Pattern = $"{prefix}-*.csv", instance: "host-b:2");

        var reports = await Task.WhenAll(one.PullAsync(), two.PullAsync());

        Assert.Equal(Files, reports.Sum(report => report.Taken));
        Assert.Equal(Files, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p", prefix));
        Assert.Equal(Files, await CountAsync("SELECT count(DISTINCT original_name) FROM intake.files WHERE original_name LIKE @p AND status = 'processed'", prefix));
        Assert.Equal(Files * 3, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE @p", prefix));
        Assert.Equal(Files, await CountAsync("SELECT count(*) FROM sources.remote_files WHERE remote_path LIKE '%' || @p || '%' AND status = 'done'", prefix));
    }

    [Fact]
    public async Task The_same_content_published_under_a_second_name_is_a_duplicate_and_its_lines_count_once()
    {
        var prefix = Unique();
        var content = SettlementFile(prefix, 2);
        _server.Publish($"{prefix}-a.csv", content);
        _server.Publish($"{prefix}-b.csv", content);
        using var instance = new PullingInstance(_folder, _server, source => source.Pattern = $"{prefix}-*.csv");

        var report = await instance.PullAsync();

        Assert.Equal(["duplicate", "processed"], report.Files.Select(file => file.Outcome).Order(StringComparer.Ordinal));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE @p", prefix));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    internal static string SettlementFile(string prefix, int lines)
    {
        var text = new StringBuilder("line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency\n");
        for (var line = 1; line <= lines; line++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{prefix}-{line},2026-11-24,B1,SETTLED,8ac7a4a1{line:D24},10.00,EUR\n");
        }

        return text.ToString();
    }

    private static string Unique() => $"s{Guid.NewGuid():N}"[..12];

    private Task<long> CountAsync(string sql, string prefix) => _folder.CountAsync(sql, ("p", prefix + "%"));
}
