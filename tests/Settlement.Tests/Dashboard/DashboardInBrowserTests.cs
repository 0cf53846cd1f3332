using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenQA.Selenium;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Operations;
using Settlement.Tests.Operations;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Schedules;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Dashboard;

/// <summary>What a person sees and clicks in a real browser (headless Chromium) on the running worker's pages.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class DashboardInBrowserTests(OperationsHost host) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    // Every test leaves the worker's gateway fault-free for the next.
    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    [Fact]
    public async Task A_failed_operation_shows_on_the_dashboard_and_clicking_requeue_makes_it_succeed()
    {
        var db = await host.PaymentAsync(Debit, Eur("70.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var failed = await host.WaitForFinishAsync((await host.RequestAsync(Refund, db, Eur("20.00"))).Id);
        Assert.Equal(OperationStatus.Failed, failed.Status);
        await WaitForJobStateAsync(failed.JobId!, FailedState.StateName);
        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

        using var browser = new HeadlessChromium();
        browser.Open(new Uri(host.WorkerAddress, "/hangfire/jobs/failed"));
        var row = browser.WaitFor(By.XPath($"//tr[.//a[contains(@href, '/jobs/details/{failed.JobId}')]]"));
        // The job's title in people's words: kind, amount and currency, payment, merchant reference, and the operation.
        var merchantReference = (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Root.MerchantTransactionId;
        Assert.Contains($"RF refund 20.00 EUR on payment {db} ({merchantReference}) · operation {failed.Id}", row.Text, StringComparison.Ordinal);
        row.FindElement(By.XPath($".//a[contains(@href, '/jobs/details/{failed.JobId}')]")).Click();
        browser.WaitFor(By.XPath("//*[contains(., '800.100.203')]"));
        browser.WaitFor(By.XPath("//button[contains(normalize-space(.), 'Requeue')]")).Click();

        var retried = await host.WaitForSuccessAsync(failed.Id);
        Assert.Equal(2, retried.Attempts);
        Assert.Equal(Eur("20.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
        await WaitForJobStateAsync(failed.JobId!, SucceededState.StateName);
        browser.Open(new Uri(host.WorkerAddress, $"/hangfire/jobs/details/{failed.JobId}"));
        browser.WaitFor(By.XPath("//*[contains(@class, 'job-history') or contains(@class, 'state-card')]//*[contains(., 'Succeeded')]"));
    }

    [Fact]
    public async Task Requeue_on_the_dashboard_of_a_job_that_used_up_its_automatic_retries_gives_it_a_fresh_budget_as_op_retry_does()
    {
        var db = await host.PaymentAsync(Debit, Eur("50.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["http500"] = 1.0 });
        var refund = await host.RequestAsync(Refund, db, Eur("10.00"));
        var jobId = (await host.WaitForAsync(refund.Id, operation => operation.Attempts >= 1)).JobId!;
        // Hangfire counts a job's automatic retries in its RetryCount parameter: at 10 of 10, the next failure is its last.
        var storage = host.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(jobId, "RetryCount", "10");
        }

        await WaitForJobStateAsync(jobId, FailedState.StateName);
        Assert.Equal(OperationStatus.Failed, (await host.WaitForFinishAsync(refund.Id)).Status);

        using var browser = new HeadlessChromium();
        browser.Open(new Uri(host.WorkerAddress, $"/hangfire/jobs/details/{jobId}"));
        browser.WaitFor(By.XPath("//button[contains(normalize-space(.), 'Requeue')]")).Click();

        // The gateway still fails: with a fresh budget that is an automatic retry, scheduled, not the end.
        await WaitForJobStateAsync(jobId, ScheduledState.StateName);
        using (var connection = storage.GetConnection())
        {
            Assert.InRange(int.Parse(connection.GetJobParameter(jobId, "RetryCount"), System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        }

        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());
        await host.WaitForSuccessAsync(refund.Id);
        Assert.Equal(Eur("10.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
    }

    [Fact]
    public async Task The_reconciliation_page_shows_the_latest_report_and_the_open_exceptions()
    {
        // The sample settlement file alone: no ledger behind it, so its lines stay unmatched and become exceptions.
        // Other tests of this host run operations whose cases may open or close while the page loads, so the page
        // is checked against the cases this file raised, and its count against its own rows.
        var exceptions = host.Services.GetRequiredService<ExceptionStore>();
        var before = (await exceptions.ListAsync(openOnly: true, CancellationToken.None)).Select(item => item.Id).ToHashSet();
        var file = Path.Combine(Path.GetTempPath(), $"settlement-{Guid.NewGuid():N}.csv");
        File.Copy(Path.Combine(RepositoryPaths.SampleFiles, "settlement.csv"), file);
        var ingested = await host.Services.GetRequiredService<FileIngestion>().IngestAsync(file, keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Processed, ingested.Status);
        await host.Services.GetRequiredService<SettlementMatcher>().MatchAsync(CancellationToken.None);
        var raised = (await exceptions.ListAsync(openOnly: true, CancellationToken.None)).Where(item => !before.Contains(item.Id)).ToList();
        Assert.NotEmpty(raised);

        using var browser = new HeadlessChromium();
        browser.Open(new Uri(host.WorkerAddress, "/hangfire"));
        browser.WaitFor(By.LinkText("Reconciliation")).Click();

        // The latest settlement date this host holds: the sample file's, or a later one another test of the host ingested.
        var latest = await host.ScalarAsync<string>("SELECT max(settlement_date)::text FROM acquirer.settlement_lines");
        Assert.True(string.CompareOrdinal(latest, "2026-11-24") >= 0, $"latest settlement date {latest}");
        var report = browser.WaitFor(By.Id("report")).Text;
        Assert.Contains($"Reconciliation report, settlement date {latest}", report, StringComparison.Ordinal);
        Assert.Contains("unmatched", report, StringComparison.Ordinal);
        var rows = browser.Page.FindElements(By.CssSelector("#exceptions tbody tr"));
        Assert.Equal(rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), browser.WaitFor(By.Id("open-count")).Text);
        var shownIds = rows.Select(row => row.FindElement(By.CssSelector("td")).Text).ToHashSet();
        Assert.All(raised, item => Assert.Contains(item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), shownIds));
        Assert.Contains(rows, row => row.Text.Contains(raised[0].Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_schedules_page_of_the_dashboard_shows_every_job_with_its_next_fire_and_its_last_run_and_result()
    {
        var catalog = host.Services.GetRequiredService<ScheduleCatalog>();
        var runs = host.Services.GetRequiredService<JobRunStore>();
        var run = await runs.BeginAsync("reconciliation", Instant.FromUtc(2026, 11, 24, 2, 0), "instance-a", CancellationToken.None);
        await runs.FinishAsync(run!.Value, JobRunOutcome.Succeeded, "lines: 9 matched, 1 unmatched", CancellationToken.None);
        var reconciliation = catalog.Jobs.Single(job => job.Name == "reconciliation");
        // Either of the next two, should a fire time pass while the page loads.
        var fires = reconciliation.NextFireTimes(host.Services.GetRequiredService<IClock>().GetCurrentInstant(), 2).Select(fire => InstantPattern.General.Format(fire.ToInstant())).ToList();

        using var browser = new HeadlessChromium();
        browser.Open(new Uri(host.WorkerAddress, "/hangfire"));
        browser.WaitFor(By.LinkText("Schedules")).Click();

        browser.WaitFor(By.Id("schedules"));
        Assert.Equal(catalog.Jobs.Count, browser.Page.FindElements(By.CssSelector("#schedules tbody tr")).Count);
        var row = browser.WaitFor(By.CssSelector("#schedules tr[data-job='reconciliation']"));
        Assert.Contains(reconciliation.Cron, row.Text, StringComparison.Ordinal);
        Assert.Contains(fires, fire => row.FindElement(By.ClassName("next-fire")).Text.Contains(fire, StringComparison.Ordinal));
        Assert.Equal("2026-11-24T02:00:00Z on instance-a", row.FindElement(By.ClassName("last-run")).Text);
        Assert.StartsWith("succeeded", row.FindElement(By.ClassName("result")).Text, StringComparison.Ordinal);
        Assert.EndsWith("lines: 9 matched, 1 unmatched", row.FindElement(By.ClassName("result")).Text, StringComparison.Ordinal);
        var neverRan = browser.Page.FindElement(By.CssSelector("#schedules tr[data-job='retention'], #schedules tr[data-job='capture-sweep']"));
        Assert.Equal("never", neverRan.FindElement(By.ClassName("last-run")).Text);
    }

    private async Task WaitForJobStateAsync(string jobId, string state)
    {
        var storage = host.Services.GetRequiredService<JobStorage>();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        string? current;
        do
        {
            using (var connection = storage.GetConnection())
            {
                current = connection.GetJobData(jobId)?.State;
            }

            if (current == state)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (elapsed.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Fail($"job {jobId} is {current}, not {state}");
    }
}
