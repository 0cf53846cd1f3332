using OpenQA.Selenium;
using Settlement.Reconciliation.Operations;
using Settlement.Tests.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;
using static Settlement.Tests.OperatorConsole.ConsoleDay;

namespace Settlement.Tests.OperatorConsole;

/// <summary>From a report line to the payment's story, and a refund from its page under the ledger's rules.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class PaymentPageTests(OperationsHost host)
{
    [Fact]
    public async Task A_payment_opened_from_a_report_line_tells_its_legs_operation_and_settlement_line_and_refunds_only_what_is_refundable()
    {
        var db = await host.PaymentAsync(Debit, Eur("60.00"));
        var first = await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("10.00"))).Id);
        var fileId = await SettleAsync(host, "payment-page-settlement.csv", "2026-10-15", new Line("SETTLED", db, "60.00", "EUR"));

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console/report?date=2026-10-15");
        browser.WaitFor(By.Id("outcome-chart"));
        browser.Screenshot("report");
        var row = browser.WaitFor(By.XPath($"//table[@id='day-line-table']//tr[.//a[normalize-space(.)='{db}']]"));
        Assert.Contains("matched", row.Text, StringComparison.Ordinal);
        row.FindElement(By.CssSelector("a.payment-link")).Click();

        Assert.Equal(db, browser.WaitFor(By.Id("payment-id")).Text);
        var timeline = browser.WaitFor(By.Id("timeline")).Text;
        Assert.Contains("DB 60.00 EUR", timeline, StringComparison.Ordinal);
        Assert.Contains("RF 10.00 EUR", timeline, StringComparison.Ordinal);
        Assert.Contains($"operation {first.Id} · succeeded after 1 attempt", timeline, StringComparison.Ordinal);
        Assert.Contains("SETTLED line 60.00 EUR in payment-page-settlement.csv", timeline, StringComparison.Ordinal);
        Assert.Contains($"matched by payment_id to DB {db}", timeline, StringComparison.Ordinal);
        Assert.Contains("refund 10.00 EUR requested by tests", timeline, StringComparison.Ordinal);
        browser.Screenshot("payment");

        browser.Page.FindElement(By.Id("refund-amount")).SendKeys("60.00");
        browser.Page.FindElement(By.Id("refund")).Click();
        var refused = browser.WaitFor(By.CssSelector("p.flash.refused")).Text;
        Assert.Equal($"refund refused: refund 60.00 EUR exceeds refundable 50.00 EUR on {db} (RefundExceedsRefundable)", refused);
        browser.Screenshot("payment-refund-refused");
        Assert.Single(await host.Operations.OnTransactionsAsync([db], CancellationToken.None), operation => operation.Kind == Refund);

        browser.WaitFor(By.Id("refund-amount")).SendKeys("20.00");
        browser.Page.FindElement(By.Id("refund")).Click();
        Assert.StartsWith("operation ", browser.WaitFor(By.CssSelector("p.flash.ok")).Text, StringComparison.Ordinal);
        var second = (await host.Operations.OnTransactionsAsync([db], CancellationToken.None)).Single(operation => operation.Kind == Refund && operation.Id != first.Id);
        Assert.Equal(OperationStatus.Succeeded, (await host.WaitForSuccessAsync(second.Id)).Status);
        Assert.StartsWith("loopback (", second.RequestedBy.Name, StringComparison.Ordinal);
        Assert.Equal(Eur("30.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);

        browser.Open($"/console/payments/{db}");
        Assert.Equal("30.00 EUR", browser.WaitFor(By.Id("refunded")).Text);
        _ = fileId;
    }

    [Fact]
    public async Task Search_finds_a_payment_by_id_merchant_reference_and_card_and_amount()
    {
        var db = await host.PaymentAsync(Debit, Eur("41.37"));
        // The test payments carry no card; this one gets the last four digits a customer would quote.
        var last4 = Random.Shared.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await host.ScalarAsync<int>("UPDATE ledger.payments SET card_last4 = @last4 WHERE payment_id = @id RETURNING 1", ("last4", last4), ("id", db));
        var payment = (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!;
        using var browser = new ConsoleBrowser(host.WorkerAddress);
        foreach (var query in new[] { db, payment.Root.MerchantTransactionId!, $"{last4} 41.37" })
        {
            browser.Open("/console/exceptions");
            var box = browser.WaitFor(By.Id("site-search"));
            box.SendKeys(query);
            box.Submit();
            var shown = browser.WaitFor(By.CssSelector("#payment-id, #hits"));
            if (shown.GetAttribute("id") == "hits")
            {
                browser.Screenshot("search-results");
                browser.Page.FindElement(By.LinkText(db)).Click();
            }

            Assert.Equal(db, browser.WaitFor(By.Id("payment-id")).Text);
        }
    }
}
