namespace Settlement.Worker.Operations;

/// <summary>How operation jobs run and retry (section <c>Settlement:Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Settlement:Operations";

    /// <summary>
    /// Automatic retries of an operation whose attempt was transient, unknown or not sent. Default 10; with the
    /// default delays they span about 6 hours, then the job stops Failed and waits for a person.
    /// </summary>
    public int RetryAttempts { get; set; } = 10;

    /// <summary>
    /// Seconds before each retry (the last repeats). Default 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200:
    /// quick for a network blip, patient for an outage. Every retry of an unknown outcome queries first.
    /// </summary>
    public IList<int> RetryDelaysSeconds { get; } = [];

    /// <summary>Hangfire workers executing operations in this process. Default 5.</summary>
    public int WorkerCount { get; set; } = 5;

    /// <summary>How often scheduled retries are moved to their queue. Default 15 s.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an idle worker looks at its queues. Default 5 s.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Idle workers wait on PostgreSQL notifications (LISTEN/NOTIFY, Hangfire.PostgreSql's long polling) and take a new
    /// job as soon as it is enqueued, instead of at their next poll; the poll interval still bounds the wait when a
    /// notification is missed. Default true.
    /// </summary>
    public bool LongPolling { get; set; } = true;

    internal static int[] DefaultDelays => [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];

    internal int[] Delays => RetryDelaysSeconds.Count > 0 ? [.. RetryDelaysSeconds] : DefaultDelays;
}
