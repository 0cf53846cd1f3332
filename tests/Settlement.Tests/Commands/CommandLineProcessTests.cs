using Settlement.Tests.Worker;

namespace Settlement.Tests.Commands;

/// <summary>What a person at a terminal sees of the command line: the real worker process, its streams and exit code.</summary>
public sealed class CommandLineProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-cli-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--help", "settlement [command] [options]")]
    [InlineData("-h", "settlement [command] [options]")]
    [InlineData("help", "settlement [command] [options]")]
    [InlineData("help ingest", "settlement ingest <file-or-folder>... [options]")]
    [InlineData("ingest --help", "settlement ingest <file-or-folder>... [options]")]
    [InlineData("op refund --help", "settlement op refund <leg-id> [<amount> [<currency>]] [options]")]
    [InlineData("help exceptions resolve", "settlement exceptions resolve <id> [options]")]
    public async Task Help_goes_to_standard_output_and_exits_0_without_touching_a_database(string line, string usage)
    {
        // No connection string and no PostgreSQL binaries: help must not need either.
        await using var worker = WorkerProcess.Start(_folder, [.. line.Split(' '), $"--Settlement:PostgresBinDirectory={_folder}"]);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel));

        Assert.Equal(0, worker.ExitCode);
        Assert.Contains(usage, worker.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", worker.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, worker.Error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "help created a data folder");
    }

    [Fact]
    public async Task A_usage_error_is_one_line_on_standard_error_with_exit_1_and_nothing_on_standard_output()
    {
        await using var worker = WorkerProcess.Start(_folder, "reprot", "--date", "2026-11-24");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel));

        Assert.Equal(1, worker.ExitCode);
        Assert.Equal("settlement: unknown command 'reprot' (did you mean 'report'?); see 'settlement help'", worker.Error.Trim());
        Assert.Equal(string.Empty, worker.Output.Trim());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
