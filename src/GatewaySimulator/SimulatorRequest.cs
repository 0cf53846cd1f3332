namespace Settlement.GatewaySimulator;

/// <summary>One request as the simulator saw it: when it came (seconds on its monotonic clock), what it was, whether it was throttled.</summary>
public sealed record SimulatorRequest(double ReceivedAt, string Method, string Path, string? EntityId, string? MerchantTransactionId, bool Throttled);
