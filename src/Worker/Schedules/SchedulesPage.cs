using System.Globalization;
using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Worker.Schedules;

/// <summary>
/// The Quartz schedules on the Hangfire dashboard (<c>/hangfire/schedules</c>, "Schedules" in its menu), so the
/// person who watches the operations also sees what runs when: per scheduled job its cron and zone, the next fire
/// times as Quartz computes them, and the latest run with its result — what <c>schedules</c> prints.
/// </summary>
public sealed class SchedulesPage : RazorPage
{
    public const string Path = "/schedules";

    private const int NextFires = 2;

    private static readonly ZonedDateTimePattern Local = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:sso<g>", null);
    private static int _registered;

    /// <summary>Adds the page and its menu item to the dashboard (Hangfire keeps both process-wide: once is enough).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        DashboardRoutes.Routes.AddRazorPage(Path, _ => new SchedulesPage());
        NavigationMenu.Items.Add(page => new MenuItem("Schedules", page.Url.To(Path)) { Active = page.RequestPath.StartsWith(Path, StringComparison.Ordinal) });
    }

    public override void Execute()
    {
        Layout = new LayoutPage("Schedules");
        var services = Context.GetHttpContext().RequestServices;
        var catalog = services.GetRequiredService<ScheduleCatalog>();
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        // Hangfire renders its pages synchronously.
        var latest = services.GetRequiredService<JobRunStore>().LatestAsync(1, Context.GetHttpContext().RequestAborted).GetAwaiter().GetResult()
            .ToDictionary(run => run.Job, StringComparer.Ordinal);

        var html = new StringBuilder();
        html.Append("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Schedules</h1>")
            .Append("<p>The nightly and periodic work Quartz runs, clustered: each fire runs once across the instances.</p>")
            .Append("<div class=\"table-responsive\"><table class=\"table table-striped\" id=\"schedules\"><thead><tr>")
            .Append("<th>Job</th><th>Schedule</th><th>Next fire</th><th>Last run</th><th>Result</th></tr></thead><tbody>");
        foreach (var job in catalog.Jobs)
        {
            var next = job.Enabled
                ? string.Join("<br>", job.NextFireTimes(now, NextFires).Select(fire => Encode($"{Local.Format(fire)} ({InstantPattern.General.Format(fire.ToInstant())})")))
                : "disabled";
            var (ran, result) = latest.TryGetValue(job.Name, out var run)
                ? (Encode($"{InstantPattern.General.Format(run.ScheduledFor)} on {run.Instance}"),
                   Encode($"{run.Outcome.ToString().ToLowerInvariant()}{(run.Duration is { } took ? string.Create(CultureInfo.InvariantCulture, $" in {took.TotalSeconds:0.0} s") : string.Empty)}: {run.Summary}"))
                : ("never", string.Empty);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-job=\"{Encode(job.Name)}\"><td>{Encode(job.Name)}</td><td><code>{Encode(job.Cron)}</code> in {Encode(job.TimeZone.Id)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"next-fire\">{next}</td><td class=\"last-run\">{ran}</td><td class=\"result\">{result}</td></tr>");
        }

        html.Append("</tbody></table></div></div></div>");
        WriteLiteral(html.ToString());
    }

    // Summaries carry what the work reported: never trusted as markup.
    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
