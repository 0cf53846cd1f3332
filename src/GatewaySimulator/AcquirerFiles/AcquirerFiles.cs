namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>The two files for a business date, as canonical CSV text, with the discrepancies put in them.</summary>
public sealed record AcquirerFiles(string SettlementCsv, int SettlementLines, string ChargebacksCsv, int ChargebackLines, IReadOnlyList<Discrepancy> Discrepancies);
