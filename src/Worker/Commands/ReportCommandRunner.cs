using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;
using Settlement.Worker.Matching;

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
        await output.WriteAsync(command.Json ? ToJson(report) + Environment.NewLine : ReportText.Of(report));
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
}
