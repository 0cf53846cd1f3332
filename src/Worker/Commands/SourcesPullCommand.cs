namespace Settlement.Worker.Commands;

/// <summary><c>sources pull &lt;name&gt;</c>: pulls the source now, outside its schedule, as the schedule would.</summary>
public sealed record SourcesPullCommand(string Name) : WorkerCommand;
