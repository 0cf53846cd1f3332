using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Settlement.Tests.RemoteSources;

/// <summary>
/// A real OpenSSH <c>sshd</c> with its SFTP subsystem on a free loopback port, for tests: a throwaway host key and
/// client key, and a folder of its own that it serves (<see cref="Folder"/>). Any test that needs an SFTP server starts
/// one (about a tenth of a second) and disposes it.
/// </summary>
/// <remarks>
/// sshd runs unprivileged: as the test's own user, or — when tests run as root, as CI does — as <c>nobody</c>
/// (through <c>setpriv</c>), and that is the one user it lets in. An unprivileged sshd cannot chroot, so the user is
/// confined by <c>ForceCommand internal-sftp</c> instead. <c>StrictModes</c> is off because the per-test folder
/// lives under /tmp, which is world-writable and would fail sshd's ownership walk up to the root; the folder and
/// keys are this server's own anyway. PAM stays on: without it sshd judges <c>nobody</c>'s password field a locked
/// account and refuses it before any key is tried. A password login always fails (an unprivileged sshd cannot read
/// passwords), which is what the password tests want.
/// </remarks>
internal sealed class OpenSshServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private const string RootDropsTo = "nobody";

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _root;

    private OpenSshServer(Process process, StringBuilder log, string root, int port, string user, string hostKeyFingerprint)
    {
        _process = process;
        _log = log;
        _root = root;
        Port = port;
        User = user;
        HostKeyFingerprint = hostKeyFingerprint;
    }

    public static bool RunsAsRoot => Environment.UserName == "root";

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>The one user the server lets in (the key in <see cref="ClientKeyFile"/>).</summary>
    public string User { get; }

    /// <summary>The server's host key, <c>SHA256:…</c> as <c>ssh-keygen -lf</c> prints it.</summary>
    public string HostKeyFingerprint { get; }

    /// <summary>The private key the server accepts.</summary>
    public string ClientKeyFile => Path.Combine(_root, "client_key");

    /// <summary>The folder the server's files are in (an absolute path on the server too).</summary>
    public string Folder => Path.Combine(_root, "files");

    /// <summary>What sshd logged (VERBOSE): connections, accepted and refused keys.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<OpenSshServer> StartAsync(CancellationToken cancellationToken)
    {
        // Not Path.GetTempPath(): TMPDIR may point where the unprivileged user cannot go.
        var root = Path.Combine("/tmp", $"settlement-sshd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "files"));
        await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(root, "host_key")], cancellationToken);
        await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(root, "client_key")], cancellationToken);
        File.Copy(Path.Combine(root, "client_key.pub"), Path.Combine(root, "authorized_keys"));
        var fingerprint = (await RunAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", Path.Combine(root, "host_key.pub")], cancellationToken)).Split(' ')[1];
        var user = RunsAsRoot ? RootDropsTo : Environment.UserName;
        var port = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(root, "sshd_config"), string.Join('\n', [
            $"ListenAddress 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            $"HostKey {root}/host_key",
            "PidFile none",
            $"AuthorizedKeysFile {root}/authorized_keys",
            $"AllowUsers {user}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "UsePAM yes",
            "StrictModes no",
            "Subsystem sftp internal-sftp",
            "ForceCommand internal-sftp",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PermitTTY no",
            "LogLevel VERBOSE",
            string.Empty,
        ]), cancellationToken);
        if (RunsAsRoot)
        {
            // The server's own files go to its user; the client key stays the test's.
            await RunAsync("chown", ["-R", $"{RootDropsTo}:", root], cancellationToken);
            await RunAsync("chown", ["root:", Path.Combine(root, "client_key")], cancellationToken);
        }

        var start = new ProcessStartInfo(RunsAsRoot ? "setpriv" : Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (RunsAsRoot)
        {
            foreach (var argument in new[] { $"--reuid={RootDropsTo}", "--regid=nogroup", "--clear-groups", Sshd })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[] { "-D", "-e", "-f", Path.Combine(root, "sshd_config") })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("sshd did not start");
        process.ErrorDataReceived += (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }

            if (line.Data?.Contains("Server listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        var server = new OpenSshServer(process, log, root, port, user, fingerprint);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await listening.Task.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"sshd did not listen within 30 s: {server.Log}");
        }

        return server;
    }

    /// <summary>A fresh private key that this server does not accept.</summary>
    public async Task<string> UnknownKeyFileAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_root, $"unknown_key_{Guid.NewGuid():N}");
        await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", path], cancellationToken);
        return path;
    }

    /// <summary>The fingerprint of a host key this server does not have.</summary>
    public async Task<string> OtherHostKeyFingerprintAsync(CancellationToken cancellationToken)
    {
        var path = await UnknownKeyFileAsync(cancellationToken);
        return (await RunAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", path + ".pub"], cancellationToken)).Split(' ')[1];
    }

    /// <summary>Writes a file into a folder the server serves (created when missing), as an acquirer would publish it; returns its path.</summary>
    public string Publish(string relativePath, string content, DateTime? modifiedUtc = null)
    {
        var path = Path.Combine(Folder, relativePath);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            GiveToServer(folder);
        }

        File.WriteAllText(path, content);
        if (modifiedUtc is { } modified)
        {
            File.SetLastWriteTimeUtc(path, modified);
        }

        return path;
    }

    /// <summary>Makes a folder (under <see cref="Folder"/>) the server's user can write in.</summary>
    public string CreateFolder(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(path);
        GiveToServer(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A session child may still hold a file for a moment; /tmp is cleaned by the system.
        }
    }

    private static void GiveToServer(string path)
    {
        if (RunsAsRoot)
        {
            using var chown = Process.Start("chown", [$"{RootDropsTo}:", path]);
            chown.WaitForExit();
        }
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
