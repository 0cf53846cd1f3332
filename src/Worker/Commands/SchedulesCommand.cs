namespace Settlement.Worker.Commands;

/// <summary><c>schedules [--json]</c>: each job with its cron, zone, next fire times and latest runs.</summary>
public sealed record SchedulesCommand(bool Json) : WorkerCommand;
