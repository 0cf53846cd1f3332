using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Settlement.Tests.Worker;

/// <summary>The worker as a real child process (the same binary `dotnet run` starts), with its output captured.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private WorkerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ExitCode => _process.ExitCode;

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
        Start([], workingDirectory, environment, settings);

    /// <summary>
    /// The worker as a user whom a folder or file without read permission stops: itself when the tests do not run as
    /// root; as root, without the capabilities that let root read past permission bits (CI runs as root). Check
    /// <see cref="PermissionsSkipReason"/> first.
    /// </summary>
    public static WorkerProcess StartHonouringPermissions(string workingDirectory, params string[] settings) =>
        Start(Environment.IsPrivilegedProcess ? WithoutReadOverride : [], workingDirectory, new Dictionary<string, string>(), settings);

    private static WorkerProcess Start(string[] launcher, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] settings)
    {
        var port = FreePort();
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
        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{port}");
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var worker = new WorkerProcess(process, port);
        process.OutputDataReceived += (_, line) =>
        {
            lock (worker._output)
            {
                worker._output.AppendLine(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (worker._error)
            {
                worker._error.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Polls /health/ready until it answers 200, the process exits, or the deadline passes.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but still starting (a loaded machine): ask again.
            }

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }

    /// <summary>Kills the process hard (SIGKILL), as a crash or an OOM kill would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public async Task InterruptAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
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
    }

    /// <summary>
    /// A test run started in the background of a non-interactive shell ignores SIGINT, and so would the worker it
    /// starts (an ignored signal stays ignored across exec): then Ctrl-C could never be tested. Perl, which every
    /// Debian has, puts SIGINT back to its default before it runs the worker.
    /// </summary>
    private static readonly string[] InterruptRestorer = InterruptIgnoredHere()
        ? ["perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";"]
        : [];

    private static bool InterruptIgnoredHere()
    {
        const string prefix = "SigIgn:";
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(text => text.StartsWith(prefix, StringComparison.Ordinal)) : null;
        return line is not null
            && ulong.TryParse(line[prefix.Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ignored)
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

    /// <summary>A loopback port free now (nothing listens on it until someone takes it).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
