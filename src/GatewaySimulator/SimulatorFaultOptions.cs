namespace Settlement.GatewaySimulator;

/// <summary>Faults injected without being asked per request (section <c>Simulator:Faults</c>).</summary>
public sealed class SimulatorFaultOptions
{
    /// <summary>How long <c>timeout</c> faults hold a request: longer than any client's timeout. Default 60 s.</summary>
    public TimeSpan TimeoutHold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The delay of a <c>latency</c> fault drawn by rate. Default 500 ms.</summary>
    public int LatencyMilliseconds { get; set; } = 500;

    /// <summary>
    /// Probability (0–1) of each fault on a POST, by name: <c>latency</c>, <c>timeout</c>, <c>timeout-executed</c>,
    /// <c>http500</c>, <c>reset</c>, <c>decline</c>, <c>response-lost</c>. At most one fault per request.
    /// </summary>
    public IDictionary<string, double> Rates { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A seed for the draws, to repeat a run; null draws from a shared random source.</summary>
    public int? Seed { get; set; }
}
