using System.Globalization;
using System.Net;
using OpenQA.Selenium;
using Settlement.Tests.Operations;
using static Settlement.Tests.OperatorConsole.ConsoleDay;

namespace Settlement.Tests.OperatorConsole;

/// <summary>The exceptions worklist in a browser: filter, assign, comment, resolve in bulk; the database and the thread agree.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class ExceptionsWorklistTests(OperationsHost host)
{
    [Fact]
    public async Task Filtering_assigning_commenting_and_resolving_two_cases_at_once_is_what_the_database_and_the_audit_say()
    {
        var fileId = await SettleAsync(
            host,
            "worklist-settlement.csv",
            "2026-11-25",
            new Line("SETTLED", UnknownPayment(), "11.11", "EUR"),
            new Line("SETTLED", UnknownPayment(), "22.22", "EUR"),
            new Line("SETTLED", UnknownPayment(), "33.33", "GBP"),
            new Line("SETTLED", UnknownPayment(), "444.00", "EUR"));
        var cases = await CasesOfAsync(fileId);
        Assert.Equal(4, cases.Count);
        var (small, middle, pound, large) = (cases[0], cases[1], cases[2], cases[3]);

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console/exceptions");
        browser.WaitFor(By.CssSelector($"#f-file option[value='{fileId}']")).Click();
        browser.Page.FindElement(By.Id("f-currency")).SendKeys("EUR");
        browser.Page.FindElement(By.Id("f-max")).SendKeys("100");
        browser.Page.FindElement(By.Id("apply-filter")).Click();
        browser.WaitFor(By.CssSelector($"#f-file option[value='{fileId}'][selected]"));
        Assert.Equal([small, middle], Shown(browser));
        browser.Screenshot("exceptions-filtered");

        browser.Page.FindElement(By.Id($"choose-{small}")).Click();
        browser.Page.FindElement(By.Id($"choose-{middle}")).Click();
        browser.Page.FindElement(By.Id("assign-to")).SendKeys("maria");
        browser.Page.FindElement(By.Id("assign")).Click();
        browser.WaitFor(By.XPath("//p[contains(@class,'flash') and contains(., '2 cases assigned to maria')]"));
        // Back on the same view, the filter kept.
        Assert.Equal([small, middle], Shown(browser));
        Assert.All(browser.Page.FindElements(By.CssSelector("#worklist td.assignee")), cell => Assert.Equal("maria", cell.Text));

        browser.Page.FindElement(By.LinkText($"#{small}")).Click();
        browser.WaitFor(By.Id("comment")).SendKeys("Asked the acquirer which payment this is.");
        browser.Page.FindElement(By.Id("add-comment")).Click();
        browser.WaitFor(By.XPath("//ol[@id='thread']/li[contains(., 'Asked the acquirer which payment this is.')]"));
        browser.Screenshot("exception-case");
        browser.Page.Navigate().Back();
        browser.Page.Navigate().Back();

        browser.WaitFor(By.Id($"choose-{small}")).Click();
        browser.Page.FindElement(By.Id($"choose-{middle}")).Click();
        browser.Page.FindElement(By.Id("resolve-note")).SendKeys("Test payments of the acquirer's certification; nothing to settle.");
        browser.Page.FindElement(By.Id("resolve")).Click();
        browser.WaitFor(By.XPath($"//p[contains(@class,'flash') and contains(., '2 cases resolved: {small}, {middle}')]"));
        Assert.Empty(Shown(browser));

        var user = $"loopback ({Environment.UserName})";
        foreach (var id in new[] { small, middle })
        {
            Assert.Equal(
                ("resolved", user, "Test payments of the acquirer's certification; nothing to settle.", "maria"),
                await CaseAsync(id));
        }

        Assert.Equal(("open", string.Empty, string.Empty, string.Empty), await CaseAsync(pound));
        Assert.Equal(("open", string.Empty, string.Empty, string.Empty), await CaseAsync(large));
        Assert.Equal(
            [("assigned", user, "maria"), ("commented", user, "Asked the acquirer which payment this is."), ("resolved", user, "Test payments of the acquirer's certification; nothing to settle.")],
            await ThreadAsync(small));
        Assert.Equal(
            [("assigned", user, "maria"), ("resolved", user, "Test payments of the acquirer's certification; nothing to settle.")],
            await ThreadAsync(middle));
        Assert.Empty(await ThreadAsync(pound));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var fileId = await SettleAsync(host, "forged-settlement.csv", "2026-11-25", new Line("SETTLED", UnknownPayment(), "5.55", "EUR"));
        var id = (await CasesOfAsync(fileId))[0];
        using var client = new HttpClient { BaseAddress = host.WorkerAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Ids"] = id.ToString(CultureInfo.InvariantCulture), ["Note"] = "forged" });
        using var response = await client.PostAsync("/console/exceptions?handler=Resolve", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("open", string.Empty, string.Empty, string.Empty), await CaseAsync(id));

        // Nor does a GET act: the handlers answer POST only.
        using var get = await client.GetAsync($"/console/exceptions?handler=Resolve&Ids={id}&Note=forged", TestContext.Current.CancellationToken);
        Assert.Equal(("open", string.Empty, string.Empty, string.Empty), await CaseAsync(id));
    }

    [Fact]
    public async Task The_export_is_the_current_view_as_csv_with_formula_cells_neutralised()
    {
        var fileId = await SettleAsync(host, "export-settlement.csv", "2026-11-25", new Line("SETTLED", UnknownPayment(), "7.77", "EUR"), new Line("SETTLED", UnknownPayment(), "8.88", "USD"));
        var ids = await CasesOfAsync(fileId);
        await host.ScalarAsync<int>("UPDATE recon.exceptions SET assignee = '=HYPERLINK(\"http://x\")' WHERE exception_id = @id RETURNING 1", ("id", ids[0]));
        using var client = new HttpClient { BaseAddress = host.WorkerAddress };
        var csv = await client.GetStringAsync($"/console/exceptions?handler=Csv&file={fileId}&currency=EUR", TestContext.Current.CancellationToken);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith($"\"{ids[0]}\",\"unmatched_line\",\"open\"", rows[1], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",\"7.77\",\"EUR\",", rows[1], StringComparison.Ordinal);
    }

    private static List<long> Shown(ConsoleBrowser browser) =>
        [.. browser.Page.FindElements(By.CssSelector("#worklist tbody tr")).Select(row => long.Parse(row.GetAttribute("data-case")!, CultureInfo.InvariantCulture))];

    /// <summary>The cases of a file's lines, in line order.</summary>
    private async Task<List<long>> CasesOfAsync(long fileId)
    {
        await using var command = host.DataSource.CreateCommand("SELECT exception_id FROM recon.exceptions WHERE file_id = @file ORDER BY line_number");
        command.Parameters.AddWithValue("file", fileId);
        var cases = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            cases.Add(reader.GetInt64(0));
        }

        return cases;
    }

    private async Task<(string Status, string ResolvedBy, string Note, string Assignee)> CaseAsync(long id)
    {
        await using var command = host.DataSource.CreateCommand(
            "SELECT status, coalesce(resolved_by, ''), coalesce(note, ''), coalesce(assignee, '') FROM recon.exceptions WHERE exception_id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
    }

    private async Task<List<(string Action, string Actor, string Body)>> ThreadAsync(long id)
    {
        await using var command = host.DataSource.CreateCommand("SELECT action, actor, body FROM recon.exception_activity WHERE exception_id = @id ORDER BY activity_id");
        command.Parameters.AddWithValue("id", id);
        var thread = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            thread.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return thread;
    }
}
