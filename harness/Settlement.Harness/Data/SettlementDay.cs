
namespace Settlement.Harness.Data;

/// <summary>
/// One generated day for the drop folder: a transactions export of debits (plus a few that never settle) and a
/// settlement file that pays them, with what reconciliation must tell apart — amounts 0.01 off, lines for unknown
/// payments, a leg settled twice, and malformed lines. The transactions file is older, so it is taken first.
/// </summary>
internal sealed record SettlementDay(string TransactionsFile, string SettlementFile, int SettlementLines, int BadLines)
{
    // Processed long enough ago that an unsettled leg is already missing (past the default lag of 3 days).
    private const string ProcessedAt = "2026-01-10T12:00:00Z";
    private const string SettledOn = "2026-01-12";

    public IReadOnlyList<string> Files => [TransactionsFile, SettlementFile];

    public static async Task<SettlementDay> WriteAsync(string folder, int lines)
    {
        var neverSettled = Math.Max(1, lines / 200);
        var transactions = Path.Combine(folder, "transactions-2026-01-10.csv");
        var settlement = Path.Combine(folder, "settlement-2026-01-12.csv");
        await GeneratedDay.WriteAsync(transactions, GeneratedDay.TransactionsHeader, lines + neverSettled, i => GeneratedDay.Debit(i, ProcessedAt));
        await GeneratedDay.WriteAsync(settlement, GeneratedDay.SettlementHeader, lines, i => SettlementLine(i, lines + neverSettled));
        var bad = Enumerable.Range(0, lines).Count(IsBad);
        return new SettlementDay(transactions, settlement, lines, bad);
    }

    /// <summary>Copies the day into <paramref name="inbox"/>, the transactions file a minute older than the settlement file.</summary>
    public void CopyTo(string inbox)
    {
        Directory.CreateDirectory(inbox);
        var copiedTransactions = Path.Combine(inbox, Path.GetFileName(TransactionsFile));
        var copiedSettlement = Path.Combine(inbox, Path.GetFileName(SettlementFile));
        File.Copy(TransactionsFile, copiedTransactions);
        File.Copy(SettlementFile, copiedSettlement);
        var written = File.GetLastWriteTimeUtc(copiedSettlement);
        File.SetLastWriteTimeUtc(copiedTransactions, written.AddMinutes(-1));
    }

    /// <summary>A late settlement file (<paramref name="count"/> lines) paying some of the legs the day left unsettled.</summary>
    public async Task<string> WriteLateFileAsync(string folder, int count)
    {
        var path = Path.Combine(folder, "settlement-late.csv");
        await GeneratedDay.WriteAsync(path, GeneratedDay.SettlementHeader, count, i => GeneratedDay.Settled(LateLineBase + i, SettlementLines + i, SettledOn));
        return path;
    }

    private const int LateLineBase = 900_000_000;

    private static bool IsBad(int i) => i % 1000 == 999;

    private static string SettlementLine(int i, int unknownFrom) => i switch
    {
        _ when IsBad(i) => $"STL-{i:D9},{SettledOn},B-00000,SETTLED,{GeneratedDay.Id(i)},12.345,EUR",
        _ when i % 250 == 3 => GeneratedDay.Settled(i, unknownFrom + i, SettledOn),
        _ when i % 500 == 11 => GeneratedDay.Settled(i, i - 1, SettledOn),
        _ when i % 100 == 7 => GeneratedDay.Settled(i, i, SettledOn, deltaMinor: -1),
        _ => GeneratedDay.Settled(i, i, SettledOn),
    };
}
