using System.Globalization;
using System.Net;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The report page's chart: lines per outcome for each settlement date of a span, as stacked bars in SVG drawn on
/// the server — no script, no chart library, readable by a screen reader through its title and the table beside it.
/// </summary>
public static class OutcomeChart
{
    /// <summary>Each outcome's colour, in stacking order (the good at the bottom).</summary>
    public static readonly IReadOnlyList<(string Outcome, string Colour)> Outcomes =
    [
        ("matched", "#2e8b57"),
        ("matched_within_tolerance", "#8cc9a1"),
        ("batch", "#9aa8bd"),
        ("duplicate", "#c7b26b"),
        ("amount_mismatch", "#e0882b"),
        ("currency_mismatch", "#8e5cc4"),
        ("unmatched", "#c8372d"),
    ];

    private const int Width = 900;
    private const int Height = 240;
    private const int Left = 48;
    private const int Bottom = 28;
    private const int Top = 12;

    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("MM'-'dd");

    public static string Svg(IReadOnlyList<DailyOutcome> days, LocalDate from, LocalDate to)
    {
        ArgumentNullException.ThrowIfNull(days);
        var dates = new List<LocalDate>();
        for (var date = from; date <= to; date = date.PlusDays(1))
        {
            dates.Add(date);
        }

        var byDate = days.ToLookup(day => day.SettlementDate);
        var max = NiceCeiling(dates.Select(date => byDate[date].Sum(day => day.Count)).DefaultIfEmpty(0).Max());
        var plotHeight = Height - Top - Bottom;
        var slot = (Width - Left - 8) / (double)dates.Count;
        var bar = Math.Max(2, slot * 0.72);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"chart-title\" id=\"outcome-chart\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"chart-title\">Settlement lines per outcome, {Encode(LocalDatePattern.Iso.Format(from))} to {Encode(LocalDatePattern.Iso.Format(to))}</title>");
        // Gridlines at whole numbers only: half of a scale of 1 is not a count of lines.
        foreach (var fraction in max == 1 ? new[] { 0.0, 1.0 } : [0.0, 0.5, 1.0])
        {
            var y = Top + plotHeight * (1 - fraction);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 4}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#d9dee6\" stroke-width=\"1\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6575\">{Math.Round(max * fraction):N0}</text>");
        }

        for (var index = 0; index < dates.Count; index++)
        {
            var date = dates[index];
            var x = Left + slot * index + (slot - bar) / 2;
            var y = (double)(Top + plotHeight);
            foreach (var (outcome, colour) in Outcomes)
            {
                var count = byDate[date].Where(day => day.Outcome == outcome).Sum(day => day.Count);
                if (count == 0)
                {
                    continue;
                }

                var height = plotHeight * count / (double)max;
                y -= height;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{bar:0.##}\" height=\"{height:0.##}\" fill=\"{colour}\">")
                    .Append(CultureInfo.InvariantCulture, $"<title>{Encode(LocalDatePattern.Iso.Format(date))}: {count:N0} {Encode(outcome)}</title></rect>");
            }

            if (index % 5 == 0 || index == dates.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + bar / 2:0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5b6575\">{Encode(Day.Format(date))}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    // The scale's top: 1, 2 or 5 times a power of ten, at least the tallest bar.
    private static long NiceCeiling(long tallest)
    {
        for (long power = 1; ; power *= 10)
        {
            foreach (var step in new long[] { 1, 2, 5 })
            {
                if (step * power >= tallest)
                {
                    return step * power;
                }
            }
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
