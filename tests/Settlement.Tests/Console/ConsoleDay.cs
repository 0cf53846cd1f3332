using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Operations;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.OperatorConsole;

/// <summary>Settlement files for the console's tests: written with unique line ids, taken in and matched as the worker would.</summary>
internal static class ConsoleDay
{
    private const string Header =
        "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4";

    /// <summary>A settlement line: what it settles and for how much.</summary>
    public sealed record Line(string RecordType, string? PaymentId, string Gross, string Currency, string? MerchantReference = null, string? Last4 = null);

    /// <summary>Takes in a settlement file of these lines (dated <paramref name="date"/>) and matches it; its file id.</summary>
    public static async Task<long> SettleAsync(OperationsHost host, string name, string date, params Line[] lines)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var text = new StringBuilder().Append(Header).Append('\n');
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"C-{run}-{number},{date},B-{run},{line.RecordType},{line.PaymentId},{line.MerchantReference},,{line.Gross},{line.Currency},,,,,VISA,{line.Last4 ?? "0000"}\n");
        }

        var folder = Directory.CreateTempSubdirectory("settlement-console-");
        var file = Path.Combine(folder.FullName, name);
        await File.WriteAllTextAsync(file, text.ToString());
        var ingested = await host.Services.GetRequiredService<FileIngestion>().IngestAsync(file, keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Processed, ingested.Status);
        await host.Services.GetRequiredService<SettlementMatcher>().MatchAsync(CancellationToken.None);
        return ingested.FileId!.Value;
    }

    /// <summary>A payment id the ledger does not know: its line stays unmatched and becomes a case.</summary>
    public static string UnknownPayment() => "8ac7a4a1" + Guid.NewGuid().ToString("N")[..24];
}
