using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The daily report: the command line's report (the same reporter, the same text) for a chosen settlement date,
/// its files, payouts against the expected net, the last 30 days' outcomes as a chart, and the date's lines, each
/// a link to its payment. It reads; matching runs on its schedule, not when the page is opened.
/// </summary>
public sealed class ReportModel(ReconciliationReporter reporter, ReportDrillDown drillDown) : PageModel
{
    public const int LinesShown = 200;

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? DateText { get; set; }

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "file")]
    public long? FileId { get; set; }

    /// <summary>The last line of the previous page, <c>file-line</c>; empty on the first page.</summary>
    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public LocalDate? Date { get; private set; }

    /// <summary>Where the next page starts, when there are more lines than this page shows.</summary>
    public string? NextAfter { get; private set; }

    public ReconciliationReport Report { get; private set; } = null!;

    public string Chart { get; private set; } = string.Empty;

    public IReadOnlyList<ReportLine> Lines { get; private set; } = [];

    public string? DateProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(DateText))
        {
            var parsed = LocalDatePattern.Iso.Parse(DateText);
            if (parsed.Success)
            {
                Date = parsed.Value;
            }
            else
            {
                DateProblem = $"{DateText} is not a date (yyyy-mm-dd)";
            }
        }

        Date ??= await reporter.LatestSettlementDateAsync(cancellationToken);
        Report = await reporter.ReportAsync(Date, cancellationToken);
        if (Date is { } day)
        {
            var from = day.PlusDays(-29);
            Chart = OutcomeChart.Svg(await drillDown.DailyOutcomesAsync(from, day, cancellationToken), from, day);
            // One line more than a page says whether a next page exists without counting the day.
            var lines = await drillDown.LinesAsync(
                day, string.IsNullOrWhiteSpace(Outcome) ? null : Outcome, FileId, ParseAfter(After), LinesShown + 1, cancellationToken);
            Lines = [.. lines.Take(LinesShown)];
            NextAfter = lines.Count > LinesShown ? $"{Lines[^1].FileId}-{Lines[^1].LineNumber}" : null;
        }

        return Page();
    }

    /// <summary>A page's start from its link; anything else is the first page.</summary>
    private static LineKey? ParseAfter(string? text)
    {
        var parts = (text ?? string.Empty).Split('-');
        return parts.Length == 2
               && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var file)
               && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? new LineKey(file, line)
            : null;
    }
}
