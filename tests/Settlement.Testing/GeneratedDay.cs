using System.Globalization;
using System.Text;

namespace Settlement.Testing;

/// <summary>
/// Generated canonical files of one day: a transactions export of debits and the settlement lines that pay them,
/// line <c>i</c> of each naming the same payment. Written by the benchmarks and the fault harness.
/// </summary>
public static class GeneratedDay
{
    public const string TransactionsHeader = "payment_id,payment_type,referenced_id,amount,currency,timestamp,result_code";
    public const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency";

    public static string Id(int i) => $"8ac7a4a1{i:D24}";

    public static string Amount(int i, int deltaMinor = 0)
    {
        var minor = 100 + (i % 99_900) + deltaMinor;
        return string.Create(CultureInfo.InvariantCulture, $"{minor / 100}.{minor % 100:D2}");
    }

    /// <summary>A successful EUR debit <paramref name="i"/>, processed at <paramref name="timestamp"/>.</summary>
    public static string Debit(int i, string timestamp) => $"{Id(i)},DB,,{Amount(i)},EUR,{timestamp},000.000.000";

    /// <summary>A SETTLED line for debit <paramref name="payment"/>, <paramref name="deltaMinor"/> off its amount.</summary>
    public static string Settled(int line, int payment, string settlementDate, int deltaMinor = 0) =>
        $"STL-{line:D9},{settlementDate},B-{line / 10_000:D5},SETTLED,{Id(payment)},{Amount(payment, deltaMinor)},EUR";

    public static async Task WriteAsync(string path, string header, int lines, Func<int, string> line)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        await writer.WriteLineAsync(header);
        for (var i = 0; i < lines; i++)
        {
            await writer.WriteLineAsync(line(i));
        }
    }
}
