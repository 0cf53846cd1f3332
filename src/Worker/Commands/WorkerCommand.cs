namespace Settlement.Worker.Commands;

/// <summary>A command of the command line, parsed: what to run and with which arguments.</summary>
public abstract record WorkerCommand
{
    /// <summary>Whether the command runs the long-lived host (HTTP, drop folder) rather than a task that ends.</summary>
    public virtual bool RunsHost => false;

    /// <summary>Runs the command on the built host, its database open; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public abstract Task<int> RunAsync(CommandContext context);
}
