using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Commands;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>
/// What an operator does about an operation that is not to be sent: <c>op reject</c> and <c>op cancel</c>, through the
/// command runner, against the real pipeline, ledger and simulator. Each ends the operation audited, with nothing sent
/// and the ledger as it was.
/// </summary>
[Collection(OperationsHostGroup.Name)]
public sealed class OperatorControlsTests(OperationsHost host) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    // Every test leaves the worker's gateway fault-free for the next.
    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    [Fact]
    public async Task Op_reject_of_a_failed_refund_ends_it_rejected_audited_with_who_its_case_resolved_its_job_deleted_and_nothing_more_sent()
    {
        var db = await host.PaymentAsync(Debit, Eur("80.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var failed = await host.WaitForFinishAsync((await host.RequestAsync(Refund, db, Eur("25.00"))).Id);
        Assert.Equal(OperationStatus.Failed, failed.Status);
        await WaitForJobStateAsync(failed.JobId!, FailedState.StateName);
        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());
        var before = await host.Ledger.FindPaymentAsync(db, CancellationToken.None);

        var (exit, output, error) = await RunAsync(new OpRejectCommand(failed.Id, "merchant refunded by bank transfer", "jane"));

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains($"operation {failed.Id}: refund 25.00 EUR on {db} rejected by jane; nothing is sent", output, StringComparison.Ordinal);
        var rejected = (await host.Operations.FindAsync(failed.Id, CancellationToken.None))!;
        Assert.Equal((OperationStatus.Rejected, "jane", "merchant refunded by bank transfer"), (rejected.Status, rejected.WithdrawnBy, rejected.WithdrawalNote));
        var audit = Assert.Single(await host.Ledger.AuditTrailAsync(before!.Id, CancellationToken.None), entry => entry.Action == "operation.rejected");
        Assert.Equal((ActorKind.Operator, "jane", "merchant refunded by bank transfer"), (audit.ActorKind, audit.Actor, audit.Reason));
        Assert.Equal("resolved", await host.ScalarAsync<string>("SELECT status FROM recon.exceptions WHERE kind = 'operation_failed' AND subject = @s", ("s", $"operation {failed.Id}")));
        await WaitForJobStateAsync(failed.JobId!, DeletedState.StateName);

        // Neither a person's retry nor the job run again sends it.
        Assert.True((await host.Requests.RetryAsync(failed.Id, CancellationToken.None)).IsFailure);
        host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(failed.JobId!);
        await WaitForJobStateAsync(failed.JobId!, SucceededState.StateName);
        Assert.Equal(1L, await SentAsync(failed.Id));
        Assert.Equal(OperationStatus.Rejected, (await host.Operations.FindAsync(failed.Id, CancellationToken.None))!.Status);
        var after = await host.Ledger.FindPaymentAsync(db, CancellationToken.None);
        Assert.Equal(before.Transactions.Count, after!.Transactions.Count);
        Assert.Equal(Eur("0.00"), after.Balances.Refunded);
    }

    [Fact]
    public async Task Op_reject_of_an_operation_held_for_approval_sends_nothing_and_it_can_no_longer_be_approved()
    {
        var db = await host.PaymentAsync(Debit, Eur("40.00"));
        var held = (await host.Requests.RequestAsync(
            new OperationOrder(Rebill, db, Eur("90.00"), null, AuditActor.Rule("tests", "above the cap")), new OperationStart(AwaitsApproval: true), CancellationToken.None)).Value;

        var (exit, _, error) = await RunAsync(new OpRejectCommand(held.Id, "guest disputes the minibar", "sam"));

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Equal(OperationStatus.Rejected, (await host.Operations.FindAsync(held.Id, CancellationToken.None))!.Status);
        var approval = await host.Requests.ApproveAsync(held.Id, "jane", CancellationToken.None);
        Assert.Contains("is rejected, not awaiting approval", approval.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await SentAsync(held.Id));
    }

    [Fact]
    public async Task Op_cancel_calls_off_a_reversal_waiting_for_a_failed_capture_and_the_capture_retried_later_runs_alone()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("100.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var capture = await host.RequestAsync(Capture, pa, Eur("30.00"));
        var reversal = (await host.Requests.RequestAsync(
            new OperationOrder(Reversal, pa, null, null, AuditActor.Operator("tests", "release the rest")), new OperationStart(After: capture), CancellationToken.None)).Value;
        Assert.Equal(OperationStatus.Failed, (await host.WaitForFinishAsync(capture.Id)).Status);
        await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

        // The capture itself is no continuation: cancel says what to use instead.
        var (refusedExit, _, refusal) = await RunAsync(new OpCancelCommand(capture.Id, "no", "jane"));
        Assert.Equal(1, refusedExit);
        Assert.Contains($"does not wait for another operation; op reject {capture.Id}", refusal, StringComparison.Ordinal);

        var (exit, output, error) = await RunAsync(new OpCancelCommand(reversal.Id, "the guest stays another night", "jane"));

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains($"operation {reversal.Id}: reverse the open amount on {pa} cancelled by jane", output, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Cancelled, (await host.Operations.FindAsync(reversal.Id, CancellationToken.None))!.Status);
        Assert.Equal("resolved", await host.ScalarAsync<string>("SELECT status FROM recon.exceptions WHERE kind = 'operation_blocked' AND subject = @s", ("s", $"operation {reversal.Id}")));
        await WaitForJobStateAsync(reversal.JobId!, DeletedState.StateName);
        var payment = (await host.Ledger.FindPaymentAsync(pa, CancellationToken.None))!;
        Assert.Single(await host.Ledger.AuditTrailAsync(payment.Id, CancellationToken.None), entry => entry.Action == "operation.cancelled");

        Assert.True((await host.Requests.RetryAsync(capture.Id, CancellationToken.None)).IsSuccess);
        await host.WaitForSuccessAsync(capture.Id);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Equal(0L, await SentAsync(reversal.Id));
        payment = (await host.Ledger.FindPaymentAsync(pa, CancellationToken.None))!;
        Assert.Equal((Eur("30.00"), Eur("70.00")), (payment.Captured, payment.OpenAmount));
    }

    [Fact]
    public async Task Rejecting_a_failed_capture_cancels_the_reversal_that_waited_for_it()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("60.00"));
        await host.UseGatewayFaultsAsync(new Dictionary<string, double> { ["decline"] = 1.0 });
        var capture = await host.RequestAsync(Capture, pa, Eur("10.00"));
        var reversal = (await host.Requests.RequestAsync(
            new OperationOrder(Reversal, pa, null, null, AuditActor.Operator("tests", "release the rest")), new OperationStart(After: capture), CancellationToken.None)).Value;
        Assert.Equal(OperationStatus.Failed, (await host.WaitForFinishAsync(capture.Id)).Status);

        var withdrawn = await host.Services.GetRequiredService<OperationWithdrawals>().RejectAsync(capture.Id, "jane", "captured by phone", CancellationToken.None);

        Assert.Equal(OperationStatus.Rejected, withdrawn.Value.Operation.Status);
        var cancelled = Assert.Single(withdrawn.Value.Cancelled);
        Assert.Equal((reversal.Id, OperationStatus.Cancelled), (cancelled.Id, (await host.Operations.FindAsync(reversal.Id, CancellationToken.None))!.Status));
        Assert.Contains($"{capture.Id}, which it waited for, was rejected", cancelled.WithdrawalNote, StringComparison.Ordinal);
        Assert.Equal(0L, await SentAsync(reversal.Id));
    }

    [Fact]
    public async Task A_succeeded_operation_cannot_be_rejected_and_a_reject_needs_a_note()
    {
        var db = await host.PaymentAsync(Debit, Eur("20.00"));
        var refund = await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("5.00"))).Id);
        var withdrawals = host.Services.GetRequiredService<OperationWithdrawals>();

        Assert.Contains("already succeeded", (await withdrawals.RejectAsync(refund.Id, "jane", "late", CancellationToken.None)).Error, StringComparison.Ordinal);
        Assert.Equal("say why it is rejected (--note)", (await withdrawals.RejectAsync(refund.Id, "jane", " ", CancellationToken.None)).Error);
        Assert.Equal("no operation nope", (await withdrawals.RejectAsync("nope", "jane", "x", CancellationToken.None)).Error);
        Assert.Equal(OperationStatus.Succeeded, (await host.Operations.FindAsync(refund.Id, CancellationToken.None))!.Status);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(OpCommand command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await host.CommandRunner.RunAsync(command, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    // What reached the gateway under the operation's id (its merchantTransactionId).
    private Task<long> SentAsync(string operationId) =>
        host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = @id", ("id", operationId));

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
}
