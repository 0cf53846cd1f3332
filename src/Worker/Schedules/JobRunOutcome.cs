namespace Settlement.Worker.Schedules;

/// <summary>How a run of a scheduled job ended (<c>schedules.job_runs.outcome</c>).</summary>
public enum JobRunOutcome
{
    /// <summary>Started and not finished: still running, or its instance died during the run.</summary>
    Running,

    Succeeded,

    Failed,
}
