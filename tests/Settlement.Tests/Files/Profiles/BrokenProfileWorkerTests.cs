using Settlement.Tests.Database;
using Settlement.Tests.Files.Profiles.Language;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Files.Profiles;

/// <summary>A user profile that cannot be loaded, in a running worker: it goes on with every other format and says so.</summary>
public sealed class BrokenProfileWorkerTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-broken-profile-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_starts_reads_other_files_quarantines_the_broken_profile_s_files_and_reports_degraded()
    {
        var data = Path.Combine(_folder, "data");
        var profiles = Directory.CreateDirectory(Path.Combine(data, "profiles")).FullName;
        File.Copy(LanguageFiles.PathOf("direct-debits.json"), Path.Combine(profiles, "direct-debits.json"));

        // The statement profile with a typo in its kind: everything else about it is right.
        var broken = (await File.ReadAllTextAsync(LanguageFiles.PathOf("statement.json"), Cancel)).Replace("\"kind\": \"settlement\"", "\"kind\": \"setlement\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(profiles, "statement.json"), broken, Cancel);

        await using var worker = WorkerProcess.Start(_folder, $"--ConnectionStrings:Settlement={database.ConnectionString}", "--Settlement:DropFolder:StableFor=00:00:00.2");
        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.Port}") };
        var health = await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.StartsWith("Degraded\n", health, StringComparison.Ordinal);
        Assert.Contains($"profiles: Degraded: 1 format profile could not be loaded (files only they fit wait in quarantine): {Path.Combine(profiles, "statement.json")}: $.kind: 'setlement' is not settlement, chargebacks or transactions", health, StringComparison.Ordinal);
        Assert.Contains("Format profile " + Path.Combine(profiles, "statement.json") + " could not be loaded", worker.Output, StringComparison.Ordinal);

        var inbox = Path.Combine(data, "inbox");
        File.Copy(LanguageFiles.PathOf("statement.csv"), Path.Combine(inbox, "statement.csv"));
        File.Copy(LanguageFiles.PathOf("direct-debits.tsv"), Path.Combine(inbox, "direct-debits.tsv"));

        var reason = Path.Combine(data, "quarantine", "statement.csv.error.txt");
        Assert.True(await BothTakenAsync(reason, Path.Combine(data, "archive")), worker.Output + worker.Error);
        Assert.StartsWith($"the file fits profile acme-statement, which could not be loaded: {Path.Combine(profiles, "statement.json")}: $.kind:", await File.ReadAllTextAsync(reason, Cancel), StringComparison.Ordinal);
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM acquirer.settlement_lines WHERE source = 'sepa-collector'");
        Assert.Equal(4L, (long)(await count.ExecuteScalarAsync(Cancel))!);
    }

    /// <summary>Waits until the broken profile's file is quarantined and the other one archived (the watcher takes them in its own time).</summary>
    private static async Task<bool> BothTakenAsync(string quarantineReason, string archive)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (File.Exists(quarantineReason) && Directory.Exists(archive) && Directory.EnumerateFiles(archive, "direct-debits.tsv", SearchOption.AllDirectories).Any())
            {
                return true;
            }

            await Task.Delay(200, Cancel);
        }

        return false;
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
}
