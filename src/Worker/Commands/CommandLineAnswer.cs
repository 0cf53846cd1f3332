namespace Settlement.Worker.Commands;

/// <summary>
/// What the command line answers by itself, before any host, setting or database is touched: help, or a usage
/// error. Program writes it and exits with its code.
/// </summary>
public abstract record CommandLineAnswer : WorkerCommand
{
    /// <summary>Writes the answer and returns the exit code.</summary>
    public abstract int Write(TextWriter standardOutput, TextWriter standardError);

    public sealed override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Write(context.Output, context.Error));
    }
}
