namespace Settlement.Worker.Commands;

/// <summary>A command of the command line, parsed: what to run and with which arguments.</summary>
public abstract record WorkerCommand
{
    /// <summary>Whether the command runs the long-lived host (HTTP, drop folder) rather than a task that ends.</summary>
    public virtual bool RunsHost => false;
}
