using OpenQA.Selenium;
using Settlement.Tests.Operations;
using static Settlement.Tests.OperatorConsole.ConsoleDay;

namespace Settlement.Tests.OperatorConsole;

/// <summary>The report page's lines of a day, page by page, in headless Chromium on the running worker.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class ReportPageTests(OperationsHost host)
{
    [Fact]
    public async Task A_days_lines_come_a_page_at_a_time_and_every_line_is_on_exactly_one_page()
    {
        const int Count = 450;
        var lines = Enumerable.Range(1, Count).Select(_ => new Line("SETTLED", UnknownPayment(), "1.00", "EUR")).ToArray();
        var fileId = await SettleAsync(host, "report-pages-settlement.csv", "2025-07-14", lines);

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open($"/console/report?date=2025-07-14&file={fileId}");
        var pages = new List<IReadOnlyList<string>>();
        while (true)
        {
            var rows = browser.WaitFor(By.Id("day-line-table")).FindElements(By.CssSelector("tbody tr[data-line]"));
            pages.Add([.. rows.Select(row => row.GetAttribute("data-line") ?? string.Empty)]);
            var next = browser.Page.FindElements(By.Id("next-lines"));
            // A pager that does not move on would loop; ten pages is far more than this file has.
            if (next.Count == 0 || pages.Count == 10)
            {
                break;
            }

            next[0].Click();
        }

        Assert.Equal([200, 200, 50], pages.Select(page => page.Count));
        var all = pages.SelectMany(page => page).ToList();
        Assert.Equal(Count, all.Distinct(StringComparer.Ordinal).Count());
        // In file order: line n of the file is the n-th line shown.
        Assert.Equal(Enumerable.Range(1, Count).Select(number => number.ToString(System.Globalization.CultureInfo.InvariantCulture)), all.Select(id => id[(id.LastIndexOf('-') + 1)..]));
    }
}
