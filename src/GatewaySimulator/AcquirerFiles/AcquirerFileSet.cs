namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>The files written to a folder (a path is null for a file not asked for), and the manifest of their discrepancies.</summary>
public sealed record AcquirerFileSet(string? SettlementPath, int SettlementLines, string? ChargebacksPath, int ChargebackLines, IReadOnlyList<Discrepancy> Discrepancies);
