using System.Globalization;

namespace Settlement.Testing;

/// <summary>
/// The faults a <see cref="LoopbackSimulator"/> injects unasked (the simulator's section <c>Simulator:Faults</c>),
/// typed; what is left null keeps the simulator's default.
/// </summary>
public sealed record SimulatorFaults
{
    public static SimulatorFaults None { get; } = new();

    /// <summary>How long a <c>timeout</c> fault holds a request: longer than the client's timeout.</summary>
    public TimeSpan? TimeoutHold { get; init; }

    /// <summary>The delay of a <c>latency</c> fault drawn by rate.</summary>
    public int? LatencyMilliseconds { get; init; }

    /// <summary>A seed for the draws, so a run repeats.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Probability (0–1) of each fault on a POST, by the name the simulator knows it by: <c>latency</c>, <c>timeout</c>,
    /// <c>timeout-executed</c>, <c>http500</c>, <c>reset</c>, <c>decline</c>, <c>response-lost</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Rates { get; init; } = new Dictionary<string, double>();

    /// <summary>These faults as the simulator's configuration keys and values.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsConfiguration()
    {
        const string section = "Simulator:Faults:";
        if (TimeoutHold is { } hold)
        {
            yield return new(section + "TimeoutHold", hold.ToString("c", CultureInfo.InvariantCulture));
        }

        if (LatencyMilliseconds is { } latency)
        {
            yield return new(section + "LatencyMilliseconds", latency.ToString(CultureInfo.InvariantCulture));
        }

        if (Seed is { } seed)
        {
            yield return new(section + "Seed", seed.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (fault, rate) in Rates)
        {
            yield return new($"{section}Rates:{fault}", rate.ToString(CultureInfo.InvariantCulture));
        }
    }
}
