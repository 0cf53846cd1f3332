namespace Settlement.Worker.Database;

/// <summary>
/// The operating-system user that runs <c>initdb</c>, <c>pg_ctl</c> and the server: the worker's own user,
/// or <c>postgres</c> when the worker runs as root, because PostgreSQL refuses to run as root.
/// </summary>
internal sealed class ServerAccount
{
    private const string PostgresUser = "postgres";

    private ServerAccount(bool actsForRoot) => ActsForRoot = actsForRoot;

    /// <summary>The account for this process.</summary>
    /// <remarks>On Unix, <see cref="Environment.UserName"/> is the name of the effective user id (getpwuid of geteuid).</remarks>
    public static ServerAccount Current { get; } = new(!OperatingSystem.IsWindows() && Environment.UserName == "root");

    /// <summary>The worker runs as root, so PostgreSQL runs as <c>postgres</c> through <c>runuser</c>.</summary>
    public bool ActsForRoot { get; }

    /// <summary>
    /// Runs a PostgreSQL program as the server's user. <paramref name="ownSession"/> starts it in a new session
    /// (<c>setsid</c>) so that a Ctrl-C in the worker's terminal, sent to the whole foreground process group,
    /// does not reach a server started from it: the worker stops the server itself, in order.
    /// </summary>
    public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool ownSession, CancellationToken cancellationToken)
    {
        var command = new List<string>();
        if (ownSession)
        {
            // -w: setsid forks when its caller leads a process group; wait for the program either way.
            command.AddRange(["setsid", "-w"]);
        }

        if (ActsForRoot)
        {
            command.AddRange(["runuser", "-u", PostgresUser, "--"]);
        }

        command.Add(program);
        command.AddRange(arguments);
        return ProcessRunner.RunAsync(command[0], command[1..], cancellationToken);
    }

    /// <summary>Makes the server's user the owner of <paramref name="paths"/>; nothing to do unless running as root.</summary>
    public async Task GiveAsync(IReadOnlyList<string> paths, bool recursive, CancellationToken cancellationToken)
    {
        if (!ActsForRoot || paths.Count == 0)
        {
            return;
        }

        var arguments = new List<string>();
        if (recursive)
        {
            arguments.Add("-R");
        }

        arguments.Add($"{PostgresUser}:{PostgresUser}");
        arguments.Add("--");
        arguments.AddRange(paths);
        var result = await ProcessRunner.RunAsync("chown", arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not give {string.Join(", ", paths)} to the {PostgresUser} user: {result.Diagnostics}");
        }
    }

    /// <summary>
    /// Whether the server's user can enter <paramref name="directory"/>. <c>test -x</c> on the folder fails when
    /// any folder above it is not traversable (e.g. under <c>/root</c>, mode 700), so one call checks the whole path.
    /// </summary>
    public async Task<bool> CanEnterAsync(string directory, CancellationToken cancellationToken)
    {
        if (!ActsForRoot)
        {
            return true;
        }

        var result = await RunAsync("test", ["-x", directory], ownSession: false, cancellationToken);
        return result.Succeeded;
    }
}
