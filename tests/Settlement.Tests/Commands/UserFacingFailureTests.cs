using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.Commands;

/// <summary>
/// Every failure a user can reach is one line on standard error naming what to fix, with the exit code of its kind,
/// and no stack trace. Folders and files are made unreadable by their permission bits; as root (CI) the worker runs
/// without the capabilities that let root read past them (<see cref="WorkerProcess.StartHonouringPermissions"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Permission bits, and setpriv as root.
public sealed class UserFacingFailureTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-failures-").FullName;
    private readonly List<string> _locked = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string[] Database => [$"--ConnectionStrings:Settlement={database.ConnectionString}", $"--Settlement:DataDirectory={Path.Combine(_folder, "data")}"];

    [Fact]
    public async Task A_setting_that_cannot_be_converted_stops_run_with_one_line_naming_it_and_exit_1()
    {
        await using var worker = WorkerProcess.Start(_folder, ["run", "--Settlement:Schedules:MisfireThreshold=1 minute", .. Database]);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel), "the worker started despite the setting");

        Assert.Equal(1, worker.ExitCode);
        Assert.Equal(
            "settlement: invalid configuration: Failed to convert configuration value '1 minute' at 'Settlement:Schedules:MisfireThreshold' to type 'System.TimeSpan'.",
            OnlyLine(worker.Error));
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_read_is_named_with_its_setting_in_one_line_and_exit_1()
    {
        Assert.SkipWhen(WorkerProcess.PermissionsSkipReason is not null, WorkerProcess.PermissionsSkipReason ?? string.Empty);
        var data = Lock(Directory.CreateDirectory(Path.Combine(_folder, "locked-data")).FullName);

        // No connection string: the embedded cluster would live in this folder.
        await using var worker = WorkerProcess.StartHonouringPermissions(_folder, "run", $"--Settlement:DataDirectory={data}");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel), "the worker started in a folder it cannot read");

        Assert.Equal(1, worker.ExitCode);
        Assert.Equal($"settlement: cannot use the folder {data} (Settlement:DataDirectory): permission denied", OnlyLine(worker.Error));
    }

    [Fact]
    public async Task An_ingest_folder_that_cannot_be_read_is_told_in_one_line_with_exit_2()
    {
        Assert.SkipWhen(WorkerProcess.PermissionsSkipReason is not null, WorkerProcess.PermissionsSkipReason ?? string.Empty);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "drop")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "settlement.csv"), SettlementHeader, Cancel);
        Lock(folder);

        await using var worker = await IngestAsync(folder, honourPermissions: true);

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal($"settlement: cannot read {folder}: permission denied", OnlyLine(worker.Error));
    }

    [Fact]
    public async Task A_file_that_exists_but_cannot_be_read_is_told_as_unreadable_with_exit_2()
    {
        Assert.SkipWhen(WorkerProcess.PermissionsSkipReason is not null, WorkerProcess.PermissionsSkipReason ?? string.Empty);
        var file = Path.Combine(_folder, "settlement.csv");
        await File.WriteAllTextAsync(file, SettlementHeader, Cancel);
        Lock(file);

        await using var worker = await IngestAsync(file, honourPermissions: true);

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal($"settlement: cannot read {file}: permission denied", OnlyLine(worker.Error));
    }

    [Fact]
    public async Task A_file_in_a_folder_that_may_not_be_searched_is_told_as_unreadable_not_as_missing()
    {
        Assert.SkipWhen(WorkerProcess.PermissionsSkipReason is not null, WorkerProcess.PermissionsSkipReason ?? string.Empty);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "closed")).FullName;
        var file = Path.Combine(folder, "settlement.csv");
        await File.WriteAllTextAsync(file, SettlementHeader, Cancel);
        Lock(folder);

        await using var worker = await IngestAsync(file, honourPermissions: true);

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal($"settlement: cannot read {file}: permission denied", OnlyLine(worker.Error));
    }

    [Fact]
    public async Task A_missing_file_is_told_as_missing_with_exit_2()
    {
        var file = Path.Combine(_folder, "no-such-settlement.csv");

        await using var worker = await IngestAsync(file, honourPermissions: false);

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal($"settlement: no such file or folder: {file}", OnlyLine(worker.Error));
    }

    [Fact]
    public async Task Ingest_of_a_folder_with_no_file_to_take_says_so_with_exit_2_and_prints_no_table()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "not an acquirer file", Cancel);

        await using var worker = await IngestAsync(folder, honourPermissions: false);

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal(
            $"settlement: {folder}: no file to ingest in this folder (hidden files, *.md, *.done markers and error reports are not taken)",
            OnlyLine(worker.Error));
        Assert.Equal(string.Empty, worker.Output.Trim());
    }

    public void Dispose()
    {
        foreach (var path in _locked)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The single line the worker wrote, after asserting it wrote one and no stack trace.</summary>
    private static string OnlyLine(string stream)
    {
        Assert.DoesNotContain("   at ", stream, StringComparison.Ordinal);
        var lines = stream.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }

    /// <summary>An ingest of the path, run to its end.</summary>
    private async Task<WorkerProcess> IngestAsync(string path, bool honourPermissions)
    {
        string[] settings = ["ingest", path, .. Database];
        var worker = honourPermissions ? WorkerProcess.StartHonouringPermissions(_folder, settings) : WorkerProcess.Start(_folder, settings);
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel), "ingest did not finish");
        return worker;
    }

    /// <summary>No permission for anyone, the owner included.</summary>
    private string Lock(string path)
    {
        File.SetUnixFileMode(path, UnixFileMode.None);
        _locked.Add(path);
        return path;
    }
}
