using NodaTime;

namespace Settlement.Testing;

/// <summary>How to start a <see cref="LoopbackSimulator"/>: its database, credentials, port, clock and faults.</summary>
public sealed record LoopbackSimulatorSettings
{
    /// <summary>The database that holds the simulator's state (its tables are created on start).</summary>
    public required string ConnectionString { get; init; }

    public string AccessToken { get; init; } = "test-access-token";

    /// <summary>The entities the token may act for; the first is the one clients use unless told otherwise.</summary>
    public IReadOnlyList<string> EntityIds { get; init; } = ["8a8294174b7ecb28014b9699220015ca"];

    /// <summary>A fixed loopback port, so a restarted simulator keeps its address; 0 takes any free one.</summary>
    public int Port { get; init; }

    /// <summary>The simulator's time; null leaves it the system clock.</summary>
    public IClock? Clock { get; init; }

    /// <summary>After how many days a PA can no longer be captured; null keeps the simulator's default.</summary>
    public int? PreAuthorizationExpiryDays { get; init; }

    public SimulatorFaults Faults { get; init; } = SimulatorFaults.None;

    /// <summary>Any other configuration (throttling, webhooks, acquirer files), applied last so it wins.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Extra { get; init; } = [];
}
