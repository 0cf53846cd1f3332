using System.Globalization;

namespace Settlement.GatewaySimulator;

/// <summary>A fault to inject into one request: its kind and, for latency, the delay.</summary>
public readonly record struct SimulatorFault(SimulatorFaultKind Kind, TimeSpan Delay = default)
{
    public static SimulatorFault None => new(SimulatorFaultKind.None);

    /// <summary>Reads <c>customParameters[simulatorFault]</c>: <c>latency:250</c>, <c>timeout</c>, <c>reset</c>, ….</summary>
    public static SimulatorFault? Parse(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value == "none")
        {
            return None;
        }

        if (value.StartsWith("latency:", StringComparison.Ordinal))
        {
            return int.TryParse(value.AsSpan("latency:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds <= 600_000
                ? new SimulatorFault(SimulatorFaultKind.Latency, TimeSpan.FromMilliseconds(milliseconds))
                : null;
        }

        return KindOf(value) is { } kind and not SimulatorFaultKind.Latency ? new SimulatorFault(kind) : null;
    }

    /// <summary>The kind a configured rate names, or null.</summary>
    public static SimulatorFaultKind? KindOf(string name) => name.Trim().ToLowerInvariant() switch
    {
        "latency" => SimulatorFaultKind.Latency,
        "timeout" => SimulatorFaultKind.Timeout,
        "timeout-executed" => SimulatorFaultKind.TimeoutExecuted,
        "http500" => SimulatorFaultKind.Http500,
        "reset" => SimulatorFaultKind.Reset,
        "decline" => SimulatorFaultKind.Decline,
        "response-lost" => SimulatorFaultKind.ResponseLost,
        _ => null,
    };
}
