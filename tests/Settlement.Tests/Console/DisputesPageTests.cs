using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenQA.Selenium;
using Settlement.Tests.Operations;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.OperatorConsole;

/// <summary>The disputes page in headless Chromium on the running worker, from files ingested into its PostgreSQL.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class DisputesPageTests(OperationsHost host)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dispute_due_in_two_days_is_highlighted_and_the_ratio_table_warns_for_the_month_past_the_warning_level()
    {
        // The worker's time zone is UTC here, so today is the clock's UTC date.
        var today = host.Services.GetRequiredService<IClock>().GetCurrentInstant().InUtc().Date;
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var brand = $"PAGECARD{_run}";
        // 121 sales of a brand of its own and one chargeback: 0.83 %, past the other brands' default warning level (0.75 %), under their threshold (1 %).
        var settlement = new StringBuilder("line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4\n");
        for (var line = 1; line <= 121; line++)
        {
            settlement.Append(CultureInfo.InvariantCulture, $"P-{_run}-{line},{Iso(today)},B-{_run},SETTLED,,ORD-{_run}-{line},,10.00,EUR,,,,,{brand},0000\n");
        }

        await IngestAsync($"settlement-{_run}.csv", settlement.ToString());
        var near = $"DSP-{_run}-NEAR";
        var later = $"DSP-{_run}-LATER";
        await IngestAsync($"chargebacks-{_run}.csv",
            "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by\n"
            + $"{near},CHARGEBACK,{Iso(today)},,ORD-{_run}-7,,10.00,EUR,{brand},10.4,Other Fraud - Card-Absent Environment,{Iso(today.PlusDays(2))}\n"
            + $"{later},RETRIEVAL_REQUEST,{Iso(today)},,ORD-{_run}-8,,,,{brand},,Copy of receipt requested,{Iso(today.PlusDays(10))}\n");

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console");
        // The landing page says what waits: at least this near case, and this brand past its warning level.
        Assert.True(int.Parse(browser.WaitFor(By.Id("near-disputes")).Text, CultureInfo.InvariantCulture) >= 1);
        Assert.Contains($"{brand} 0.83 %", browser.Page.FindElement(By.CssSelector("a[href='/console/disputes#ratio-heading']")).Text, StringComparison.Ordinal);
        browser.Screenshot("today-disputes");
        browser.WaitFor(By.LinkText("Disputes")).Click();

        var nearRow = browser.WaitFor(By.CssSelector($"#cases tr[data-dispute='{near}']"));
        Assert.Contains("near", nearRow.GetAttribute("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("2 days left", nearRow.FindElement(By.ClassName("days-left")).Text);
        Assert.Contains("10.4 Other Fraud - Card-Absent Environment", nearRow.Text, StringComparison.Ordinal);
        Assert.Contains("10.00 EUR", nearRow.Text, StringComparison.Ordinal);
        Assert.StartsWith("open", nearRow.FindElement(By.ClassName("outcome")).Text, StringComparison.Ordinal);
        var laterRow = browser.Page.FindElement(By.CssSelector($"#cases tr[data-dispute='{later}']"));
        Assert.DoesNotContain("near", laterRow.GetAttribute("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("10 days left", laterRow.FindElement(By.ClassName("days-left")).Text);

        var ratio = browser.Page.FindElement(By.CssSelector($"#ratios tr[data-brand='{brand}'][data-month='{month}']"));
        Assert.Contains("ratio-warning", ratio.GetAttribute("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("warning", ratio.FindElement(By.ClassName("standing")).Text);
        Assert.Contains("0.83 %", ratio.Text, StringComparison.Ordinal);
        Assert.Contains($"{brand} {month} at 0.83 %: past the warning level of 0.75 %, under the threshold of 1.00 %", browser.WaitFor(By.Id("ratio-alert")).Text, StringComparison.Ordinal);
        browser.Screenshot("disputes");
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private async Task IngestAsync(string name, string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"settlement-{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(file, content, Cancel);
        var result = await host.Services.GetRequiredService<FileIngestion>().IngestAsync(file, keepOriginal: false, progress: null, Cancel);
        Assert.Equal(IngestionStatus.Processed, result.Status);
    }
}
