using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Settlement.Reconciliation.Operations;
using Settlement.Tests.Operations;
using Settlement.Worker.Ingestion;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.OperatorConsole;

/// <summary>The files page takes a quarantined file in again; the operations page rejects a failed operation.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class FilesAndOperationsPageTests(OperationsHost host) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    [Fact]
    public async Task A_quarantined_file_shows_its_reason_and_is_taken_in_again_from_the_page_once_it_can_be_read()
    {
        var folder = Directory.CreateTempSubdirectory("settlement-console-files-");
        var name = $"acquirer-{Guid.NewGuid():N}.csv";
        var path = Path.Combine(folder.FullName, name);
        await File.WriteAllTextAsync(path, "this;is;no;report;anyone;knows\n1;2;3;4;5;6\n", TestContext.Current.CancellationToken);
        var quarantined = await host.Services.GetRequiredService<FileIngestion>().IngestAsync(path, keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Quarantined, quarantined.Status);

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console/files?status=quarantined");
        var row = browser.WaitFor(By.Id($"file-{quarantined.FileId}"));
        Assert.Contains("no format fits", row.FindElement(By.ClassName("quarantine-reason")).Text, StringComparison.Ordinal);
        browser.Screenshot("files-quarantined");

        // What fixing a profile achieves, done here by making the quarantined file itself readable.
        await File.WriteAllTextAsync(
            quarantined.MovedTo!,
            "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4\n"
            + $"Q-{Guid.NewGuid():N},2026-10-20,B-Q,FEE,,,,1.00,EUR,,,,,,\n",
            TestContext.Current.CancellationToken);
        browser.Page.FindElement(By.Id($"reingest-{quarantined.FileId}")).Click();
        var done = browser.WaitFor(By.CssSelector("p.flash.ok")).Text;
        Assert.StartsWith($"{name} taken in again as file ", done, StringComparison.Ordinal);
        Assert.EndsWith("1 lines ok, 0 bad, 0 duplicates", done, StringComparison.Ordinal);
        Assert.False(File.Exists(quarantined.MovedTo));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM intake.files WHERE original_name = @name AND status = 'processed'", ("name", name)));
        browser.Open("/console/files");
        browser.WaitFor(By.Id("files"));
        browser.Screenshot("files");
    }

    [Fact]
    public async Task A_failed_operation_is_listed_with_its_gateway_code_and_rejected_from_the_page_with_a_note()
    {
        var db = await host.PaymentAsync(Debit, Eur("35.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var failed = await host.WaitForFinishAsync((await host.RequestAsync(Refund, db, Eur("5.00"))).Id);
        Assert.Equal(OperationStatus.Failed, failed.Status);

        using var browser = new ConsoleBrowser(host.WorkerAddress);
        browser.Open("/console/operations");
        var row = browser.WaitFor(By.CssSelector($"#operations tr[data-operation='{failed.Id}']"));
        Assert.Contains(failed.LastResultCode!, row.Text, StringComparison.Ordinal);
        Assert.Contains("5.00 EUR", row.Text, StringComparison.Ordinal);
        Assert.NotNull(row.FindElement(By.CssSelector($"a[href='/hangfire/jobs/details/{failed.JobId}']")));
        Assert.NotNull(row.FindElement(By.CssSelector($"a[href='/console/payments/{db}']")));
        browser.Screenshot("operations");

        // Without a note the use case refuses, in its words.
        row.FindElement(By.Id($"reject-{failed.Id}")).Click();
        Assert.Equal("say why it is rejected (--note)", browser.WaitFor(By.CssSelector("p.flash.refused")).Text);

        browser.WaitFor(By.Id($"note-{failed.Id}")).SendKeys("customer withdrew the refund request");
        browser.Page.FindElement(By.Id($"reject-{failed.Id}")).Click();
        Assert.Equal($"operation {failed.Id} rejected, nothing is sent", browser.WaitFor(By.CssSelector("p.flash.ok")).Text);
        var rejected = (await host.Operations.FindAsync(failed.Id, CancellationToken.None))!;
        Assert.Equal(OperationStatus.Rejected, rejected.Status);
        Assert.StartsWith("loopback (", rejected.WithdrawnBy, StringComparison.Ordinal);
        Assert.Equal("customer withdrew the refund request", rejected.WithdrawalNote);
        Assert.Empty(browser.Page.FindElements(By.CssSelector($"#operations tr[data-operation='{failed.Id}']")));
    }
}
