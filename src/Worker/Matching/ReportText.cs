using System.Globalization;
using System.Text;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Matching;

/// <summary>
/// The report as a person reads it: lines per outcome and currency, legs per status, payouts against the expected
/// net, in aligned columns. The command line prints it, and the pages show the very same text.
/// </summary>
public static class ReportText
{
    public static string Of(ReconciliationReport report)
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
