using NodaTime;

namespace Settlement.Worker.Schedules;

/// <summary>One run of a scheduled job: the fire time it ran for, on which instance, how it ended and what it did.</summary>
public sealed record JobRun(
    long Id, string Job, Instant ScheduledFor, string Instance, Instant StartedAt, Instant? FinishedAt, JobRunOutcome Outcome, string? Summary)
{
    public Duration? Duration => FinishedAt - StartedAt;
}
