namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>The files written to a folder, and the manifest of their discrepancies.</summary>
public sealed record AcquirerFileSet(string SettlementPath, int SettlementLines, string ChargebacksPath, int ChargebackLines, IReadOnlyList<Discrepancy> Discrepancies);
