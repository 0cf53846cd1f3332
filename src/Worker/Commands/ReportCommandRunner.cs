using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Commands;

/// <summary>
/// Runs <see cref="ReportCommand"/>: first decides any lines still undecided (so the report is current), then
/// prints lines per outcome and currency, legs per status, payouts against the expected net and the files.
/// </summary>
public sealed class ReportCommandRunner(SettlementMatcher matcher, ReconciliationReporter reporter)
{
    /// <summary>The counts every JSON report carries at its top level, zero when nothing has that outcome.</summary>
    public static readonly string[] TopLevelKeys =
        ["matched", "matched_within_tolerance", "amount_mismatch", "currency_mismatch", "unmatched", "duplicate", "missing", "awaiting", "settled"];

    public async Task<int> RunAsync(ReportCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        await matcher.MatchAsync(cancellationToken);
        var report = await reporter.ReportAsync(command.Date, cancellationToken);
        await output.WriteAsync(command.Json ? ToJson(report) + Environment.NewLine : ToText(report));
        return 0;
    }

    public static string ToJson(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["settlement_date"] = report.SettlementDate is { } date ? LocalDatePattern.Iso.Format(date) : null,
            ["generated_at"] = InstantPattern.ExtendedIso.Format(report.GeneratedAt),
        };
        foreach (var key in TopLevelKeys)
        {
            json[key] = report.Count(key);
        }

        json["lines"] = Totals(report.Lines);
        json["legs"] = Totals(report.Legs);
        json["payouts"] = new JsonArray([.. report.Payouts.Select(payout => (JsonNode)new JsonObject
        {
            ["settlement_date"] = LocalDatePattern.Iso.Format(payout.SettlementDate),
            ["currency"] = payout.Currency,
            ["fees"] = payout.Fees,
            ["expected_net"] = payout.ExpectedNet,
            ["paid_out"] = payout.PaidOut,
            ["difference"] = payout.Difference,
        })]);
        json["files"] = new JsonArray([.. report.Files.GroupBy(file => (file.FileId, file.FileName)).Select(file => (JsonNode)new JsonObject
        {
            ["file_id"] = file.Key.FileId,
            ["file"] = file.Key.FileName,
            ["outcomes"] = new JsonObject(file.Select(total => KeyValuePair.Create(total.Outcome, (JsonNode?)total.Count))),
        })]);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonArray Totals(IEnumerable<OutcomeTotal> totals) =>
        new([.. totals.Select(total => (JsonNode)new JsonObject
        {
            ["outcome"] = total.Outcome,
            ["currency"] = total.Currency.Length == 0 ? null : total.Currency,
            ["count"] = total.Count,
            ["amount"] = total.Currency.Length == 0 ? null : total.Amount,
        })]);

    public static string ToText(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reconciliation report, settlement date {(report.SettlementDate is { } date ? LocalDatePattern.Iso.Format(date) : "(all)")}");
        text.AppendLine();
        text.Append(Table("lines", ["outcome", "currency", "count", "amount"], report.Lines.Select(Row)));
        text.AppendLine();
        text.Append(Table("legs", ["status", "currency", "count", "amount"], report.Legs.Select(Row)));
        text.AppendLine();
        text.Append(Table(
            "payouts",
            ["date", "currency", "fees", "expected net", "paid out", "difference"],
            report.Payouts.Select(payout => new[]
            {
                LocalDatePattern.Iso.Format(payout.SettlementDate), payout.Currency, Amount(payout.Fees, payout.Currency), Amount(payout.ExpectedNet, payout.Currency),
                Amount(payout.PaidOut, payout.Currency), Amount(payout.Difference, payout.Currency),
            })));
        return text.ToString();
    }

    private static string[] Row(OutcomeTotal total) =>
        [total.Outcome, total.Currency.Length == 0 ? "-" : total.Currency, total.Count.ToString("N0", CultureInfo.InvariantCulture), total.Currency.Length == 0 ? "-" : Amount(total.Amount, total.Currency)];

    // In the currency's own decimals: 9.00 EUR, 4,950 JPY, 1.500 BHD.
    private static string Amount(decimal amount, string currency) =>
        amount.ToString("N" + (Currency.TryFind(currency, out var known) ? known.Exponent : 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Table(string title, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = header.Select((name, column) => all.Select(row => row[column].Length).Append(name.Length).Max()).ToArray();
        var text = new StringBuilder().AppendLine(title);
        foreach (var row in all.Prepend(header))
        {
            text.AppendLine("  " + string.Join("  ", row.Select((cell, column) => column >= 2 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd());
        }

        return text.ToString();
    }
}
