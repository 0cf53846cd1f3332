using System.Diagnostics.Metrics;

namespace Settlement.GatewaySimulator;

/// <summary>
/// Counts the faults the simulator injects, by kind (meter <see cref="MeterName"/>, counter
/// <c>simulator_faults_injected_total</c>, tag <c>fault</c>), so a fault run can say what it went through.
/// </summary>
public static class SimulatorFaultMeter
{
    public const string MeterName = "Settlement.GatewaySimulator";
    public const string CounterName = "simulator_faults_injected_total";
    public const string FaultTag = "fault";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Injected = Meter.CreateCounter<long>(CounterName, description: "Faults injected into gateway POSTs, by kind.");

    internal static void Record(SimulatorFault fault)
    {
        if (fault.Kind != SimulatorFaultKind.None)
        {
            Injected.Add(1, new KeyValuePair<string, object?>(FaultTag, fault.Kind.ToString()));
        }
    }
}
