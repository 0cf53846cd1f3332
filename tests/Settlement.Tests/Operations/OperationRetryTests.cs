using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Reconciliation.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>What retries and what does not: declines stop, transient failures retry, lost responses are looked up.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class OperationRetryTests(OperationsHost host) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    // Every test leaves the worker's gateway fault-free for the next.
    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    [Fact]
    public async Task A_decline_fails_at_once_without_retry_and_op_retry_succeeds_once_the_fault_is_gone()
    {
        var db = await host.PaymentAsync(Debit, Eur("40.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });

        var failed = await host.WaitForFinishAsync((await host.RequestAsync(Refund, db, Eur("15.00"))).Id);

        Assert.Equal((OperationStatus.Failed, 1, "800.100.203"), (failed.Status, failed.Attempts, failed.LastResultCode));
        await WaitForJobStateAsync(failed.JobId!, FailedState.StateName);

        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());
        var exit = await host.CommandRunner.RunAsync(new Settlement.Worker.Commands.OpRetryCommand(failed.Id), TextWriter.Null, TextWriter.Null, CancellationToken.None);
        var retried = await host.WaitForSuccessAsync(failed.Id);

        Assert.Equal(0, exit);
        Assert.Equal(2, retried.Attempts);
        Assert.Equal(Eur("15.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
        Assert.Equal(1L, await SuccessesAtTheGatewayAsync(failed.Id));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_itself_until_the_gateway_is_back()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("50.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["http500"] = 1.0 });

        var requested = await host.RequestAsync(Capture, pa, Eur("50.00"));
        await host.WaitForAsync(requested.Id, operation => operation.Attempts >= 2);
        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());
        var captured = await host.WaitForSuccessAsync(requested.Id);

        Assert.True(captured.Attempts >= 3, $"attempts: {captured.Attempts}");
        Assert.Equal(1L, await SuccessesAtTheGatewayAsync(requested.Id));
        await WaitForJobStateAsync(captured.JobId!, SucceededState.StateName);
    }

    [Fact]
    public async Task A_lost_response_is_looked_up_and_adopted_instead_of_sent_again()
    {
        var db = await host.PaymentAsync(Debit, Eur("60.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["response-lost"] = 1.0 });

        var refunded = await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("60.00"))).Id);

        // One send; the retry only asked the query API.
        Assert.Equal(1, refunded.Attempts);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = @id", ("id", refunded.Id)));
        Assert.Equal(Eur("60.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
    }

    [Fact]
    public async Task An_invalid_request_at_the_gateway_fails_with_its_code_and_description()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("20.00"));
        // Captured behind the ledger's back (the ledger has not heard yet): the gateway refuses what the ledger allowed.
        var sneaky = await host.SetupClient.OperateAsync(Capture, pa, Eur("20.00"));
        Assert.True(sneaky.IsSuccessful);

        var failed = await host.WaitForFinishAsync((await host.RequestAsync(Capture, pa, Eur("20.00"))).Id);

        Assert.Equal((OperationStatus.Failed, "700.400.100", 1), (failed.Status, failed.LastResultCode, failed.Attempts));
        Assert.False(string.IsNullOrEmpty(failed.LastResultDescription));
    }

    [Fact]
    public async Task An_operation_left_sending_by_a_crash_is_looked_up_and_adopted_not_sent_again()
    {
        var db = await host.PaymentAsync(Debit, Eur("33.00"));
        var at = NodaTime.Instant.FromUtc(2026, 11, 25, 12, 0);
        var operation = new Operation
        {
            Id = OperationIds.New(),
            Kind = Refund,
            ReferencedId = db,
            Currency = Reconciliation.Monetary.Currency.Eur,
            Amount = Eur("33.00"),
            RequestedBy = Reconciliation.Ledger.AuditActor.Operator("tests", "crash"),
            CreatedAt = at,
            UpdatedAt = at,
        };
        // A worker stored the row, marked the attempt, sent it, and died before it heard the answer; no job survived.
        await host.Operations.InsertAsync(operation, CancellationToken.None);
        await host.Operations.BeginAttemptAsync(operation.Id, CancellationToken.None);
        var sent = await host.SetupClient.SendBackofficeAsync(new Reconciliation.Gateway.BackofficeRequest(operation.Id, Refund, db, Eur("33.00")), CancellationToken.None);
        Assert.True(sent.Response!.IsSuccessful);

        Assert.True((await host.Requests.RetryAsync(operation.Id, CancellationToken.None)).IsSuccess);
        var done = await host.WaitForSuccessAsync(operation.Id);

        Assert.Equal((1, sent.Response.Id), (done.Attempts, done.GatewayTransactionId));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = @id", ("id", operation.Id)));
        Assert.Equal(Eur("33.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
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

            await Task.Delay(50);
        }
        while (elapsed.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Fail($"job {jobId} is {current}, not {state}");
    }

    private Task<long> SuccessesAtTheGatewayAsync(string operationId) =>
        host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = @id AND succeeded", ("id", operationId));
}
