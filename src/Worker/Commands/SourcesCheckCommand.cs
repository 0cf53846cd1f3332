namespace Settlement.Worker.Commands;

/// <summary><c>sources check &lt;name&gt;</c>: connects and lists what a pull would take now, fetching nothing.</summary>
public sealed record SourcesCheckCommand(string Name) : WorkerCommand;
