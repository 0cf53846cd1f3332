namespace Settlement.Worker.Schedules;

/// <summary>
/// A piece of unattended work that a schedule runs (nightly reconciliation, the capture sweep, retention…).
/// The scheduler finds every registered one by its <see cref="Name"/>, fires it on its cron in the configured
/// time zone, and records each run with the summary it returns.
/// </summary>
public interface IScheduledWork
{
    /// <summary>The work's name in configuration (<c>Settlement:Schedules:Jobs:&lt;name&gt;</c>) and in the run history, e.g. <c>capture-sweep</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The cron this work runs on when <c>Settlement:Schedules:Jobs:&lt;name&gt;:Cron</c> does not say (for work whose
    /// schedule is part of its own settings, such as a remote source's); null: the default of <see cref="ScheduleDefaults"/>.
    /// </summary>
    string? DefaultCron => null;

    /// <summary>Does the work once; returns a one-line summary for the run history and the log.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
