using System.Globalization;
using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Files;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Disputes;

/// <summary>
/// <c>/console/disputes</c>: every dispute case with its deadline (the near ones highlighted), won and lost per month,
/// and the chargeback ratio per card brand per month against its thresholds, behind the dashboard's door. It only reads.
/// Standalone until the operator console's frame takes it in: the markup uses the console's ids and classes.
/// </summary>
public static class DisputesPage
{
    public const string Path = "/console/disputes";

    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    public static IEndpointRouteBuilder MapDisputesPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (HttpContext http, DashboardAuthorization door, DisputeOverview overview, IOptions<DisputesOptions> options, IConfiguration configuration, string? outcome, CancellationToken cancellationToken) =>
        {
            if (!door.Authorize(http))
            {
                return Results.Unauthorized();
            }

            var settings = options.Value;
            var zone = MerchantZone.Of(configuration);
            var report = await overview.ReadAsync(zone, settings.RatioMonths, settings.ToThresholds(), cancellationToken);
            return Results.Content(Render(report, settings.NearDeadlineDays, zone.Id, outcome ?? "all"), "text/html; charset=utf-8");
        });
        NavigationMenu.Items.Add(_ => new MenuItem("Disputes", Path));
        return endpoints;
    }

    /// <summary>The page for <paramref name="report"/>; <paramref name="outcome"/> is <c>all</c>, <c>open</c>, <c>won</c> or <c>lost</c>.</summary>
    public static string Render(DisputeOverviewReport report, int nearDays, string zone, string outcome)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cases = report.Cases.Where(item => outcome switch
        {
            "open" => item.Outcome == DisputeOutcome.Open,
            "won" => item.Outcome == DisputeOutcome.Won,
            "lost" => item.Outcome == DisputeOutcome.Lost,
            _ => true,
        }).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Disputes · Settlement console</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><span class=\"brand\">Settlement <span>console</span></span>")
            .Append("<nav aria-label=\"Other tools\"><a href=\"/reconciliation\">Reconciliation</a> <a href=\"/hangfire\">Jobs dashboard</a></nav></header><main id=\"main\" tabindex=\"-1\">");
        var open = report.Cases.Count(item => item.Outcome == DisputeOutcome.Open);
        var near = report.Cases.Count(item => item.IsDeadlineNear(report.Today, nearDays));
        html.Append(CultureInfo.InvariantCulture, $"<h1>Disputes <span class=\"muted\">(<span id=\"open-cases\">{open}</span> open, <span id=\"near-cases\">{near}</span> due within {nearDays} days)</span></h1>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Today is {Iso.Format(report.Today)} in {Encode(zone)}.</p>");

        var alarming = report.Ratios.Where(ratio => ratio.Level != RatioLevel.Below).ToList();
        if (alarming.Count > 0)
        {
            // Red once a month is over its threshold; amber while they are only past the warning level.
            var tone = alarming.Any(ratio => ratio.Level == RatioLevel.Over) ? "refused" : "warn";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"flash {tone}\" role=\"alert\" id=\"ratio-alert\"><strong>Chargeback ratio:</strong>");
            foreach (var ratio in alarming)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $" <span class=\"ratio-alarm\">{Encode(ratio.Brand)} {Month(ratio)} at {Percent(ratio.WorstRatio)} ({LevelText(ratio.Level)}; warning {Percent(ratio.Threshold.Warning)}, threshold {Percent(ratio.Threshold.Threshold)}).</span>");
            }

            html.Append("</div>");
        }

        html.Append("<h2 id=\"cases-heading\">Cases</h2><form class=\"panel inline-form\" method=\"get\" action=\"").Append(Path).Append("\" aria-label=\"Filter the cases\">")
            .Append("<div class=\"field\"><label for=\"f-outcome\">Outcome</label><select id=\"f-outcome\" name=\"outcome\">");
        foreach (var (value, label) in new[] { ("all", "All"), ("open", "Open"), ("won", "Won"), ("lost", "Lost") })
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{value}\"{(value == outcome ? " selected" : string.Empty)}>{label}</option>");
        }

        html.Append("</select></div><div class=\"actions\"><button type=\"submit\">Show</button></div></form>")
            .Append("<div class=\"table-scroll\"><table id=\"cases\" aria-labelledby=\"cases-heading\">")
            .Append(CultureInfo.InvariantCulture, $"<caption>Nearest reply-by date first; open cases due within {nearDays} days, or overdue, are highlighted.</caption>")
            .Append("<thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Stage</th><th scope=\"col\">Brand</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Reason</th>")
            .Append("<th scope=\"col\">Reply by</th><th scope=\"col\">Days left</th><th scope=\"col\">Outcome</th><th scope=\"col\">Payment</th></tr></thead><tbody>");
        foreach (var item in cases)
        {
            var isNear = item.IsDeadlineNear(report.Today, nearDays);
            var left = item.DaysLeft(report.Today);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-dispute=\"{Encode(item.DisputeId)}\"{(isNear ? " class=\"near\"" : string.Empty)}>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"id\">{Encode(item.DisputeId)}<br><span class=\"muted\">{Encode(item.Source)}</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"nowrap\">{item.Stage.ToCode()}</td><td>{Encode(item.Brand)}</td><td class=\"num\">{(item.Amount?.ToString() ?? "—")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><span class=\"mono\">{Encode(item.ReasonCode ?? string.Empty)}</span> {Encode(item.ReasonText ?? string.Empty)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"nowrap\">{(item.ReplyBy is { } replyBy ? Iso.Format(replyBy) : "—")}</td><td class=\"nowrap days-left\">")
                .Append(left is { } days ? $"<span class=\"badge{(days < 0 ? " bad" : isNear ? " warn" : string.Empty)}\">{DaysLeftText(days)}</span>" : string.Empty)
                .Append(CultureInfo.InvariantCulture, $"</td><td class=\"outcome\"><span class=\"badge {OutcomeBadge(item.Outcome)}\">{item.Outcome.ToString().ToLowerInvariant()}</span>")
                .Append(item.DecidedOn is { } decided ? " " + Iso.Format(decided) : string.Empty)
                .Append("</td><td class=\"id\">")
                .Append(item.PaymentId is { } payment ? $"<a href=\"/console/payments/{Uri.EscapeDataString(payment)}\">{Encode(payment)}</a>" : string.Empty)
                .Append("</td></tr>");
        }

        if (cases.Count == 0)
        {
            html.Append("<tr><td colspan=\"9\" class=\"muted\">No cases.</td></tr>");
        }

        html.Append("</tbody></table></div>")
            .Append("<h2 id=\"outcomes-heading\">Won and lost per month</h2><table id=\"outcomes\" class=\"narrow\" aria-labelledby=\"outcomes-heading\"><caption>By the month of the event that decided the case.</caption>")
            .Append("<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Won</th><th scope=\"col\" class=\"num\">Won amount</th><th scope=\"col\" class=\"num\">Lost</th><th scope=\"col\" class=\"num\">Lost amount</th></tr></thead><tbody>");
        foreach (var month in report.Outcomes)
        {
            var name = month.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-month=\"{name}\" data-currency=\"{month.Currency.Code}\"><td>{name}</td><td class=\"num won\">{month.WonCount}</td><td class=\"num\">{month.WonAmount}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num lost\">{month.LostCount}</td><td class=\"num\">{month.LostAmount}</td></tr>");
        }

        if (report.Outcomes.Count == 0)
        {
            html.Append("<tr><td colspan=\"5\" class=\"muted\">No case decided yet.</td></tr>");
        }

        html.Append("</tbody></table>")
            .Append("<h2 id=\"ratio-heading\">Chargeback ratio per brand per month</h2><p class=\"muted\">First chargebacks of the month ÷ sales settled in the month, by count and by amount per currency; ")
            .Append("the worse of them is held against the brand's configured warning level and threshold (Settlement:Disputes:RatioThresholds).</p>")
            .Append("<div class=\"table-scroll\"><table id=\"ratios\" aria-labelledby=\"ratio-heading\"><thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Brand</th>")
            .Append("<th scope=\"col\" class=\"num\">Settled</th><th scope=\"col\" class=\"num\">Chargebacks</th><th scope=\"col\" class=\"num\">By count</th><th scope=\"col\">By amount</th>")
            .Append("<th scope=\"col\" class=\"num\">Warning at</th><th scope=\"col\" class=\"num\">Threshold</th><th scope=\"col\">Standing</th></tr></thead><tbody>");
        foreach (var ratio in report.Ratios)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-brand=\"{Encode(ratio.Brand)}\" data-month=\"{Month(ratio)}\" class=\"ratio-{ratio.Level.ToString().ToLowerInvariant()}\">")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"nowrap\">{Month(ratio)}</td><td>{Encode(ratio.Brand)}</td><td class=\"num\">{ratio.SettledCount:N0}</td><td class=\"num\">{ratio.ChargebackCount:N0}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Percent(ratio.CountRatio)}</td><td>");
            foreach (var amount in ratio.ByAmount)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<div class=\"nowrap\">{amount.Settled.Currency.Code} {Percent(amount.Ratio)} <span class=\"muted\">({amount.ChargedBack.FormatAmount()} of {amount.Settled.FormatAmount()})</span></div>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</td><td class=\"num\">{Percent(ratio.Threshold.Warning)}</td><td class=\"num\">{Percent(ratio.Threshold.Threshold)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"standing\"><span class=\"badge {LevelBadge(ratio.Level)}\">{LevelText(ratio.Level)}</span></td></tr>");
        }

        if (report.Ratios.Count == 0)
        {
            html.Append("<tr><td colspan=\"9\" class=\"muted\">No settled sales or chargebacks in these months.</td></tr>");
        }

        html.Append("</tbody></table></div></main></body></html>");
        return html.ToString();
    }

    private static string DaysLeftText(int left) => left switch
    {
        0 => "due today",
        1 => "1 day left",
        -1 => "1 day overdue",
        < 0 => $"{-left} days overdue",
        _ => $"{left} days left",
    };

    private static string OutcomeBadge(DisputeOutcome outcome) => outcome switch
    {
        DisputeOutcome.Won => "ok",
        DisputeOutcome.Lost => "bad",
        _ => string.Empty,
    };

    private static string LevelBadge(RatioLevel level) => level switch
    {
        RatioLevel.Over => "bad",
        RatioLevel.Warning => "warn",
        _ => "ok",
    };

    private static string LevelText(RatioLevel level) => level switch
    {
        RatioLevel.Over => "over threshold",
        RatioLevel.Warning => "warning",
        _ => "below",
    };

    private static string Month(ChargebackRatio ratio) => ratio.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Percent(decimal? share) => share is { } value ? (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";

    // Case ids, reasons and brands come from acquirer files: never trusted as markup.
    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style =
        ":root{--ink:#1d2430;--muted:#5b6575;--line:#d9dee6;--wash:#f4f6f9;--warn:#9a5b00;--warn-wash:#fff3dc;--ok:#1c7c46;--ok-wash:#e5f4eb;--bad:#b3261e;--bad-wash:#fde8e6;"
        + "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:15px;line-height:1.45;color:var(--ink);background:var(--wash)}"
        + "*{box-sizing:border-box}body{margin:0}a{color:#1f5fbf}:focus-visible{outline:3px solid #ffb000;outline-offset:2px}"
        + ".skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem 1rem}"
        + ".top{display:flex;gap:1.5rem;align-items:center;background:#17202e;color:#e8edf5;padding:.55rem 1.5rem}.top a{color:#e8edf5;margin-right:1rem}"
        + ".brand{font-weight:700}.brand span{font-weight:400;color:#9fb0c8}main{max-width:1400px;margin:0 auto;padding:1.4rem 1.5rem 3rem}"
        + "h1{font-size:1.5rem;margin:0 0 .4rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}.muted{color:var(--muted)}.mono,td.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}"
        + "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}table.narrow{width:auto;min-width:40rem}caption{text-align:left;font-weight:600;padding:.4rem 0;color:var(--muted)}"
        + "th,td{padding:.42rem .6rem;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}thead th{background:#eef1f6;font-size:.85em;text-transform:uppercase;color:var(--muted);white-space:nowrap}"
        + "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.nowrap{white-space:nowrap}.table-scroll{overflow-x:auto}"
        + "tr.near td{background:var(--warn-wash)}tr.near td:first-child{box-shadow:inset 4px 0 0 var(--warn)}tr.ratio-warning td{background:var(--warn-wash)}tr.ratio-over td{background:var(--bad-wash)}"
        + ".badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8em;font-weight:600;white-space:nowrap;background:#e7ebf1}"
        + ".badge.ok{background:var(--ok-wash);color:var(--ok)}.badge.warn{background:#ffe2a8;color:var(--warn)}.badge.bad{background:var(--bad-wash);color:var(--bad)}"
        + ".flash{padding:.6rem .9rem;border-radius:6px;margin:0 0 1rem;border:1px solid}.flash.refused{background:var(--bad-wash);color:var(--bad);border-color:#f0b4ae}.flash.warn{background:var(--warn-wash);color:var(--warn);border-color:#f0d08a}"
        + ".ratio-alarm{display:block}.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem;margin-bottom:1rem;display:flex;gap:.9rem;align-items:end}"
        + "label{display:block;font-weight:600;font-size:.9em;color:var(--muted)}select,button{font:inherit;padding:.3rem .5rem;border-radius:4px;border:1px solid #b9c2cf}"
        + "button{background:#1f5fbf;color:#fff;border-color:#1f5fbf;font-weight:600;cursor:pointer}";
}
