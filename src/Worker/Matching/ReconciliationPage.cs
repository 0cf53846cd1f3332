using System.Globalization;
using System.Net;
using System.Text;
using Hangfire.Dashboard;
using NodaTime.Text;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Matching;

/// <summary>
/// <c>/reconciliation</c>: the latest settlement date's report and the open exceptions, for a person in a browser,
/// behind the dashboard's door. The Hangfire dashboard's menu links to it. It reads; it never runs matching.
/// </summary>
public static class ReconciliationPage
{
    public const string Path = "/reconciliation";

    public static IEndpointRouteBuilder MapReconciliationPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (HttpContext http, DashboardAuthorization door, ReconciliationReporter reporter, ExceptionStore exceptions, CancellationToken cancellationToken) =>
        {
            if (!door.Authorize(http))
            {
                return Results.Unauthorized();
            }

            var latest = await reporter.LatestSettlementDateAsync(cancellationToken);
            var report = await reporter.ReportAsync(latest, cancellationToken);
            var open = await exceptions.ListAsync(openOnly: true, cancellationToken);
            return Results.Content(Render(report, open), "text/html; charset=utf-8");
        });
        NavigationMenu.Items.Add(_ => new MenuItem("Reconciliation", Path));
        return endpoints;
    }

    private static string Render(ReconciliationReport report, IReadOnlyList<ExceptionCase> open)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Settlement reconciliation</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}</style></head><body>")
            .Append("<p><a href=\"/hangfire\">Operations dashboard</a> · <a href=\"/console\">Operator console</a></p><h1>Reconciliation</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p id=\"generated\">Generated {Encode(InstantPattern.General.Format(report.GeneratedAt))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<pre id=\"report\">{Encode(ReportText.Of(report))}</pre>")
            .Append(CultureInfo.InvariantCulture, $"<h2>Open exceptions (<span id=\"open-count\">{open.Count}</span>)</h2>");
        if (open.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<table id=\"exceptions\"><thead><tr><th>id</th><th>kind</th><th>subject</th><th>summary</th><th>raised</th></tr></thead><tbody>");
            foreach (var item in open)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{item.Id}</td><td>{Encode(item.Kind)}</td><td>{Encode(item.Subject)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{Encode(item.Summary)}</td><td>{Encode(InstantPattern.General.Format(item.RaisedAt))}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<p>Work the exceptions in the <a href=\"/console/exceptions\">console's worklist</a>, or resolve one with <code>exceptions resolve &lt;id&gt; --note TEXT</code> or <code>POST /api/exceptions/{id}/resolve</code>.</p></body></html>");
        return html.ToString();
    }

    // Summaries carry values from acquirer files: never trusted as markup.
    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
