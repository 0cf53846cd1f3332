namespace Settlement.GatewaySimulator;

/// <summary>
/// One request as the simulator saw it: when it came (seconds on its monotonic clock), what it was, how many requests
/// of its entity were in flight when it came (itself included), and whether it was throttled.
/// </summary>
public sealed record SimulatorRequest(double ReceivedAt, string Method, string Path, string? EntityId, string? MerchantTransactionId, int InFlight, bool Throttled);
