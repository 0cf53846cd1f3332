using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Demo;

/// <summary>The newcomer's <c>demo</c>: the real worker process tells a whole day and ends with the report.</summary>
public sealed class DemoCommandTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-demo-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_makes_a_day_reconciles_its_files_acts_on_chargebacks_closes_estimates_and_ends_with_the_report()
    {
        await using var worker = WorkerProcess.Start(_folder, "demo", "--exit", $"--ConnectionStrings:Settlement={database.ConnectionString}");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromMinutes(4), Cancel), worker.Output + worker.Error);

        var output = worker.Output;
        Assert.True(worker.ExitCode == 0, output + worker.Error);
        Assert.Contains("demo: done", output, StringComparison.Ordinal);
        Assert.DoesNotContain("demo: stopped early", output, StringComparison.Ordinal);
        Assert.Matches(@"demo: \d+ payments made: 3 CD, \d+ DB, \d+ PA", output);
        Assert.Contains("Reconciliation report, settlement date", output, StringComparison.Ordinal);
        Assert.Matches(@"file\s+CB\s+succeeded\s+[1-9]", output);
        Assert.Matches(@"operator\s+CP\s+succeeded\s+4", output);
        Assert.Matches(@"rule\s+RB\s+succeeded\s+[1-9]", output);
        Assert.Matches(@"demo: six nights later the capture sweep .*: \d+ considered: [1-9]\d* capture", output);
        Assert.Matches(@"rule\s+RV\s+succeeded\s+[1-9]", output);
        Assert.Matches(@"matched\s+EUR\s+[1-9]", output);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_folder, "data", "demo", "archive"), "settlement-*.csv", SearchOption.AllDirectories).Any(), "the settlement file was archived");
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
}
