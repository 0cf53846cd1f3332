namespace Settlement.GatewaySimulator;

/// <summary>
/// The gateway's throttling, imitated (section <c>Simulator:Throttle</c>): more than <see cref="RequestsPerSecond"/>
/// requests of one entity within any second are refused unexecuted, the way a loaded gateway does.
/// </summary>
public sealed class SimulatorThrottleOptions
{
    /// <summary>Requests per second per entity (POSTs and queries) taken before it throttles; 0 (the default) never throttles.</summary>
    public int RequestsPerSecond { get; set; }

    /// <summary>How a throttled request is answered. Default <see cref="SimulatorThrottleAnswer.Http429"/>.</summary>
    public SimulatorThrottleAnswer Answer { get; set; } = SimulatorThrottleAnswer.Http429;

    /// <summary>The <c>Retry-After</c> header, in seconds, on a throttled answer; 0 sends none. Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    public IReadOnlyList<string> Validate() =>
        RequestsPerSecond < 0 || RetryAfterSeconds < 0 ? ["Simulator:Throttle: RequestsPerSecond and RetryAfterSeconds must not be negative."] : [];
}
