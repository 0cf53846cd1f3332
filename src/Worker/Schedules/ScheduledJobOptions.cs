namespace Settlement.Worker.Schedules;

/// <summary>One job's settings (<c>Settlement:Schedules:Jobs:&lt;name&gt;</c>).</summary>
public sealed class ScheduledJobOptions
{
    /// <summary>A Quartz cron (seconds first: <c>0 0 2 * * ?</c> is 02:00 every day); empty keeps the default.</summary>
    public string? Cron { get; set; }

    public bool Enabled { get; set; } = true;
}
