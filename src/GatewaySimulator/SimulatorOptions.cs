namespace Settlement.GatewaySimulator;

/// <summary>How the simulator behaves (configuration section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The Bearer token every request must carry.</summary>
    public string AccessToken { get; set; } = string.Empty;

    /// <summary>The entities (32 lowercase hex) the token may act for.</summary>
    public IList<string> EntityIds { get; } = [];

    /// <summary>Test mode answers success as 000.100.110; live mode as 000.000.000. Default true.</summary>
    public bool TestMode { get; set; } = true;

    /// <summary>After how many days a PA can no longer be captured (700.300.400). Default 7, Visa's customer-initiated window.</summary>
    public int PreAuthorizationExpiryDays { get; set; } = 7;

    public SimulatorFaultOptions Faults { get; } = new();

    public SimulatorThrottleOptions Throttle { get; } = new();

    public Webhooks.SimulatorWebhookOptions Webhooks { get; } = new();

    public AcquirerFiles.AcquirerFileOptions AcquirerFiles { get; } = new();
}
