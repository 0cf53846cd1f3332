namespace Settlement.Tests.Worker;

public sealed class WorkerLifecycleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-worker-").FullName;

    public WorkerLifecycleTests()
    {
        // Temp folders are private (0700); the server, run as postgres when the tests run as root, must reach ./data.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_starts_its_own_PostgreSQL_and_stops_it_on_ctrl_c()
    {
        await using var worker = WorkerProcess.Start(_folder);

        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);
        var clusterDirectory = Path.Combine(_folder, "data", "postgres");
        Assert.True(File.Exists(Path.Combine(clusterDirectory, "postmaster.pid")), "the embedded server runs from ./data/postgres");
        Assert.Contains("Data folder " + Path.Combine(_folder, "data"), worker.Output, StringComparison.Ordinal);

        await worker.InterruptAsync(Cancel);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel), "the worker did not stop after SIGINT");
        Assert.Equal(0, worker.ExitCode);
        Assert.False(File.Exists(Path.Combine(clusterDirectory, "postmaster.pid")), "PostgreSQL was left running");
        Assert.Contains("Stopped PostgreSQL", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_while_the_worker_is_still_starting_stops_it_and_its_postgresql()
    {
        await using var worker = WorkerProcess.Start(_folder);
        var clusterDirectory = Path.Combine(_folder, "data", "postgres");

        // The database is open and the host is starting its services (scheduler, simulator, web server): a start
        // cancelled there once left the scheduler's threads running, and the process with them, for ever.
        Assert.True(await worker.WaitForOutputAsync("Data folder", TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);
        await worker.InterruptAsync(Cancel);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel), "the worker did not stop after SIGINT while starting\n" + worker.Output);
        Assert.True(worker.ExitCode is 0 or 130, $"exit code {worker.ExitCode}");
        Assert.False(File.Exists(Path.Combine(clusterDirectory, "postmaster.pid")), "PostgreSQL was left running");
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_give_one_line_and_a_non_zero_exit()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "no-binaries")).FullName;
        await using var worker = WorkerProcess.Start(_folder, $"--Settlement:PostgresBinDirectory={empty}");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel), "the worker should give up at once");

        Assert.Equal(1, worker.ExitCode);
        var lines = worker.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("settlement: PostgreSQL server binaries (initdb, pg_ctl) were not found in " + empty, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_is_named_and_the_worker_exits_non_zero()
    {
        await using var worker = WorkerProcess.Start(_folder, "--Settlement:PostgresPort=70000");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel));

        Assert.Equal(1, worker.ExitCode);
        Assert.Equal("settlement: invalid configuration: Settlement:PostgresPort must be a TCP port (1-65535).", worker.Error.Trim());
    }

    // Commands read some settings only when they first need them, after the host is built; a value that cannot be
    // converted to its type at all fails in the binder, not in a validation.
    [Theory]
    [InlineData(
        "--Settlement:Schedules:TimeZone=Nowhere/Atlantis",
        "settlement: invalid configuration: Settlement:Schedules:TimeZone 'Nowhere/Atlantis' is not an IANA time zone id such as Europe/Berlin")]
    [InlineData(
        "--Settlement:Schedules:MisfireThreshold=1 minute",
        "settlement: invalid configuration: Failed to convert configuration value '1 minute' at 'Settlement:Schedules:MisfireThreshold' to type 'System.TimeSpan'.")]
    public async Task A_command_with_an_invalid_setting_names_it_and_exits_non_zero(string setting, string expected)
    {
        await using var worker = WorkerProcess.Start(_folder, "schedules", setting);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel));

        Assert.Equal(1, worker.ExitCode);
        Assert.Equal(expected, worker.Error.Trim());
    }

    public void Dispose()
    {
        // A failed test may have killed the worker before it stopped its server, which runs in its own session:
        // ask the postmaster for a fast shutdown (SIGINT) so that no server outlives the test.
        var pidFile = Path.Combine(_folder, "data", "postgres", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var postmaster))
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-INT", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The cluster folder may belong to the postgres user; /tmp is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
