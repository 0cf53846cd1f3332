using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenQA.Selenium;
using Settlement.Tests.Operations;

namespace Settlement.Tests.OperatorConsole;

/// <summary>The console's door is the dashboard's: this machine, or the configured credentials; its pages share one frame.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class ConsoleAccessTests(OperationsHost host)
{
    private static readonly string[] Pages = ["/console", "/console/exceptions", "/console/search", "/console/files", "/console/operations", "/console/disputes", "/console/report"];

    [Fact]
    public async Task Anonymous_remote_access_is_refused_and_the_configured_credentials_let_in()
    {
        using var client = new HttpClient { BaseAddress = host.WorkerAddress };
        foreach (var page in Pages)
        {
            // A forwarded request is a remote one, whatever address the proxy has.
            using var anonymous = new HttpRequestMessage(HttpMethod.Get, page);
            anonymous.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var refused = await client.SendAsync(anonymous, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.StartsWith("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

            using var wrong = new HttpRequestMessage(HttpMethod.Get, page);
            wrong.Headers.Add("X-Forwarded-For", "203.0.113.7");
            wrong.Headers.Authorization = Basic(OperationsHost.DashboardUser, "not-the-password");
            using var refusedAgain = await client.SendAsync(wrong, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedAgain.StatusCode);

            using var known = new HttpRequestMessage(HttpMethod.Get, page);
            known.Headers.Add("X-Forwarded-For", "203.0.113.7");
            known.Headers.Authorization = Basic(OperationsHost.DashboardUser, OperationsHost.DashboardPassword);
            using var admitted = await client.SendAsync(known, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }
    }

    [Fact]
    public void Every_page_has_the_navigation_and_the_search_box_and_the_reconciliation_page_links_to_the_console()
    {
        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/reconciliation");
        browser.WaitFor(By.LinkText("Operator console")).Click();
        browser.WaitFor(By.CssSelector("nav[aria-label='Console']"));
        browser.Screenshot("today");

        foreach (var (link, path) in new[] { ("Exceptions", "/console/exceptions"), ("Payments", "/console/search"), ("Files", "/console/files"), ("Operations", "/console/operations"), ("Disputes", "/console/disputes"), ("Report", "/console/report") })
        {
            browser.WaitFor(By.CssSelector("nav[aria-label='Console']")).FindElement(By.LinkText(link)).Click();
            browser.WaitFor(By.CssSelector($"nav[aria-label='Console'] a[aria-current='page'][href='{path}']"));
            // The search box is labelled, so a screen reader and a keyboard user find it.
            var search = browser.WaitFor(By.Id("site-search"));
            Assert.Equal("Search payments", browser.Page.FindElement(By.CssSelector("label[for='site-search']")).GetAttribute("textContent"));
            Assert.Equal("q", search.GetAttribute("name"));
        }

        browser.Open("/hangfire");
        browser.WaitFor(By.LinkText("Console")).Click();
        browser.WaitFor(By.CssSelector("nav[aria-label='Console']"));
    }

    [Fact]
    public void The_keyboard_reaches_the_skip_link_then_the_navigation_then_the_search_and_the_skip_link_lands_on_the_content()
    {
        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console/exceptions");
        browser.WaitFor(By.Id("worklist-title"));
        var order = new List<string>();
        for (var press = 0; press < 10; press++)
        {
            browser.Page.SwitchTo().ActiveElement().SendKeys(Keys.Tab);
            var focused = browser.Page.SwitchTo().ActiveElement();
            order.Add(focused.GetAttribute("id") is { Length: > 0 } id ? "#" + id : focused.Text);
        }

        Assert.Equal(["Skip to content", "Settlement console", "Exceptions", "Payments", "Files", "Operations", "Disputes", "Report", "#site-search", "Search"], order);
        browser.Open("/console/exceptions");
        browser.WaitFor(By.Id("worklist-title"));
        browser.Page.SwitchTo().ActiveElement().SendKeys(Keys.Tab);
        browser.Page.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        Assert.Equal("main", browser.Page.SwitchTo().ActiveElement().GetAttribute("id"));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
