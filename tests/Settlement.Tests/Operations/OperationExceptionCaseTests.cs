using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>A failed or stuck operation is an exception case beside reconciliation's, and closes when a retry succeeds.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class OperationExceptionCaseTests(OperationsHost host) : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.WorkerAddress };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    // Every test leaves the worker's gateway fault-free for the next.
    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_declined_capture_raises_a_failed_case_its_reversal_a_blocked_one_and_both_close_when_the_retry_succeeds()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("100.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var capture = await host.RequestAsync(Capture, pa, Eur("30.00"));
        var reversal = (await host.Requests.RequestAsync(
            new OperationOrder(Reversal, pa, null, null, AuditActor.Operator("tests", "release the rest")), new OperationStart(After: capture), CancellationToken.None)).Value;

        Assert.Equal(OperationStatus.Failed, (await host.WaitForFinishAsync(capture.Id)).Status);

        var failed = await OpenCaseAsync(ExceptionKind.OperationFailed.Code, capture.Id);
        Assert.StartsWith($"CP capture 30.00 EUR on payment {pa}", failed.Summary, StringComparison.Ordinal);
        Assert.Contains("800.100.203", failed.Summary, StringComparison.Ordinal);
        Assert.Contains($"op retry {capture.Id}", failed.Summary, StringComparison.Ordinal);
        var blocked = await OpenCaseAsync(ExceptionKind.OperationBlocked.Code, reversal.Id);
        Assert.StartsWith($"RV reversal the open amount (EUR) on payment {pa}", blocked.Summary, StringComparison.Ordinal);
        Assert.Contains($"runs after CP capture {capture.Id}, which failed", blocked.Summary, StringComparison.Ordinal);
        var listed = await OpenCasesFromTheApiAsync();
        Assert.Contains(listed, item => item!["kind"]!.GetValue<string>() == ExceptionKind.OperationFailed.Code && item["subject"]!.GetValue<string>() == $"operation {capture.Id}");
        Assert.Contains(listed, item => item!["kind"]!.GetValue<string>() == ExceptionKind.OperationBlocked.Code && item["subject"]!.GetValue<string>() == $"operation {reversal.Id}");

        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());
        Assert.True((await host.Requests.RetryAsync(capture.Id, CancellationToken.None)).IsSuccess);
        await host.WaitForSuccessAsync(capture.Id);
        await host.WaitForSuccessAsync(reversal.Id);

        var closed = await CasesAsync(capture.Id, reversal.Id);
        Assert.Equal(2, closed.Count);
        Assert.All(closed, item => Assert.Equal(("resolved", "rule:operations"), (item.Status, item.ResolvedBy)));
        Assert.Contains(closed, item => item.Kind == ExceptionKind.OperationFailed.Code && item.Note!.StartsWith("succeeded as ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_used_up_raise_a_failed_case_that_says_so()
    {
        var db = await host.PaymentAsync(Debit, Eur("25.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["http500"] = 1.0 });
        var refund = await host.RequestAsync(Refund, db, Eur("5.00"));
        await host.WaitForAsync(refund.Id, operation => operation.OutcomeUnknown);

        // What the dashboard's retry filter records once Hangfire gives up on the job.
        await host.Operations.RecordGaveUpAsync(refund.Id, "automatic retries used up: gateway answered 500", CancellationToken.None);

        var failed = await OpenCaseAsync(ExceptionKind.OperationFailed.Code, refund.Id);
        Assert.StartsWith($"RF refund 5.00 EUR on payment {db}", failed.Summary, StringComparison.Ordinal);
        Assert.Contains("automatic retries used up", failed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_resolved_by_hand_opens_again_when_the_operation_fails_again()
    {
        var db = await host.PaymentAsync(Debit, Eur("35.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var refund = await host.RequestAsync(Refund, db, Eur("7.00"));
        await host.WaitForFinishAsync(refund.Id);
        var first = await OpenCaseAsync(ExceptionKind.OperationFailed.Code, refund.Id);
        Assert.True((await host.Services.GetRequiredService<ExceptionStore>().ResolveAsync(first.Id, "ops", "asked the acquirer", CancellationToken.None)).IsSuccess);

        Assert.True((await host.Requests.RetryAsync(refund.Id, CancellationToken.None)).IsSuccess);
        await host.WaitForAsync(refund.Id, operation => operation.Attempts == 2 && operation.Status == OperationStatus.Failed);

        var again = await OpenCaseAsync(ExceptionKind.OperationFailed.Code, refund.Id);
        Assert.Equal(first.Id, again.Id);
        Assert.Contains("failed after 2 attempts", again.Summary, StringComparison.Ordinal);
        Assert.EndsWith("(raised again; resolved before by ops: asked the acquirer)", again.Summary, StringComparison.Ordinal);
    }

    private async Task<ExceptionCase> OpenCaseAsync(string kind, string operationId)
    {
        var subject = OperationCases.SubjectOf(operationId);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var open = await host.Services.GetRequiredService<ExceptionStore>().ListAsync(openOnly: true, CancellationToken.None);
            if (open.FirstOrDefault(item => item.Kind == kind && item.Subject == subject) is { } found)
            {
                return found;
            }

            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(30), $"no open {kind} case for {subject}: {string.Join("; ", open.Select(item => $"{item.Kind} {item.Subject}"))}");
            await Task.Delay(50);
        }
    }

    private async Task<List<ExceptionCase>> CasesAsync(params string[] operationIds)
    {
        var subjects = operationIds.Select(OperationCases.SubjectOf).ToHashSet(StringComparer.Ordinal);
        var all = await host.Services.GetRequiredService<ExceptionStore>().ListAsync(openOnly: false, CancellationToken.None);
        return [.. all.Where(item => subjects.Contains(item.Subject) && (item.Kind == ExceptionKind.OperationFailed.Code || item.Kind == ExceptionKind.OperationBlocked.Code))];
    }

    private async Task<JsonArray> OpenCasesFromTheApiAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/exceptions?open=true");
        request.Headers.Add(ApiOptions.KeyHeader, OperationsHost.ApiKey);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }
}
