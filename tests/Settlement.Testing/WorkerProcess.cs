using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Settlement.Testing;

/// <summary>
/// The worker as a real child process (<c>dotnet Settlement.Worker.dll …</c>, the build beside the caller, as
/// <c>dotnet run</c> starts it), its output captured; the harness also appends it to a log file. Killed hard, or
/// stopped as Ctrl-C would.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private WorkerProcess(Process process, int port, StreamWriter? log)
    {
        _process = process;
        Port = port;
        _log = log;
    }

    public int Port { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    // Root reads and searches past permission bits by these two capabilities alone; without them in its bounding set
    // it is held to the bits like any service account (the owner's bits apply to root's own files).
    private static readonly string[] WithoutReadOverride = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"];

    private static readonly Lazy<string?> PermissionsUnenforceable = new(FindWhyPermissionsCannotBeEnforced);

    /// <summary>
    /// Why <see cref="StartHonouringPermissions"/> cannot make permission bits stop the worker here, for a skip; null
    /// when it can (not root, or root with util-linux's setpriv allowed to drop capabilities).
    /// </summary>
    public static string? PermissionsSkipReason => PermissionsUnenforceable.Value;

    public static WorkerProcess Start(string workingDirectory, params string[] settings) =>
        StartWith(workingDirectory, new Dictionary<string, string>(), settings);

    /// <summary>Starts the worker with extra environment variables (a fault hook, for one).</summary>
    public static WorkerProcess StartWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] settings) =>
        Start([], workingDirectory, environment, settings, logFile: null);

    /// <summary>
    /// The worker as a user whom a folder or file without read permission stops: itself when the tests do not run as
    /// root; as root, without the capabilities that let root read past permission bits (CI runs as root). Check
    /// <see cref="PermissionsSkipReason"/> first.
    /// </summary>
    public static WorkerProcess StartHonouringPermissions(string workingDirectory, params string[] settings) =>
        Start(Environment.IsPrivilegedProcess ? WithoutReadOverride : [], workingDirectory, new Dictionary<string, string>(), settings, logFile: null);

    /// <summary>
    /// Starts the worker in the folder of <paramref name="logFile"/>, both its streams also appended to that file (a
    /// long run's record, read after the fact).
    /// </summary>
    public static WorkerProcess StartLogged(string logFile, IReadOnlyList<string> settings) =>
        Start([], Path.GetDirectoryName(Path.GetFullPath(logFile))!, new Dictionary<string, string>(), settings, logFile);

    private static WorkerProcess Start(string[] launcher, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> settings, string? logFile)
    {
        var port = LoopbackPort.Free();
        string[] command = [.. InterruptRestorer, .. launcher, "dotnet"];
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in command.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Settlement.Worker.dll"));
        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        // Plain console lines, so assertions read what a person reads.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment.Remove("ConnectionStrings__Settlement");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var worker = new WorkerProcess(process, port, log);
        process.OutputDataReceived += (_, line) => worker.Append(worker._output, line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(worker._error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Polls /health/ready until it answers 200, the process exits, or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or the database is away.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer on a loaded machine: ask again.
            }

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }

    /// <summary>Kills the process hard (SIGKILL), as a crash or an OOM kill would: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary><see cref="Kill"/>, then waits for the process to be gone and notes the kill in the log file.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        Kill();
        await _process.WaitForExitAsync(cancellationToken);
        AppendToLog("---- killed (SIGKILL) by the harness ----");
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public async Task InterruptAsync(CancellationToken cancellationToken)
    {
        using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await interrupt.WaitForExitAsync(cancellationToken);
    }

    /// <summary>SIGINT, as Ctrl-C: the worker stops cleanly. Killed if it has not stopped within <paramref name="timeout"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return true;
        }

        await InterruptAsync(cancellationToken);
        if (await WaitForExitAsync(timeout, cancellationToken))
        {
            return true;
        }

        await KillAsync(cancellationToken);
        return false;
    }

    /// <summary>Waits until the standard output holds <paramref name="text"/>, the process exits, or the deadline passes.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !_process.HasExited)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(20, cancellationToken);
        }

        return Output.Contains(text, StringComparison.Ordinal);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log?.Dispose();
        }
    }

    private void Append(StringBuilder stream, string? line)
    {
        lock (stream)
        {
            stream.AppendLine(line);
        }

        if (line is not null)
        {
            AppendToLog(line);
        }
    }

    private void AppendToLog(string line)
    {
        lock (_logLock)
        {
            // Output can still arrive while the process object is torn down.
            if (_log is not null && !_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// A run started in the background of a non-interactive shell ignores SIGINT, and so would the worker it starts
    /// (an ignored signal stays ignored across exec): then Ctrl-C could never be tested. Perl, which every Debian
    /// has, puts SIGINT back to its default before it runs the worker.
    /// </summary>
    private static readonly string[] InterruptRestorer = InterruptIgnoredHere()
        ? ["perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";"]
        : [];

    private static bool InterruptIgnoredHere()
    {
        const string prefix = "SigIgn:";
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(text => text.StartsWith(prefix, StringComparison.Ordinal)) : null;
        return line is not null
            && ulong.TryParse(line[prefix.Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ignored)
            && (ignored & (1UL << 1)) != 0; // bit 1: signal 2, SIGINT
    }

    private static string? FindWhyPermissionsCannotBeEnforced()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(WithoutReadOverride[0], [.. WithoutReadOverride.Skip(1), "true"]) { RedirectStandardError = true })!;
            probe.WaitForExit();
            return probe.ExitCode == 0
                ? null
                : "the tests run as root, which reads past permission bits, and setpriv may not drop that capability here: " + probe.StandardError.ReadToEnd().Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "the tests run as root, which reads past permission bits, and setpriv (util-linux) is not installed to drop that capability";
        }
    }
}
