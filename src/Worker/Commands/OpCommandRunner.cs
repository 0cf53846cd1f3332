using System.Globalization;
using System.Text.Json;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Commands;

/// <summary>
/// Runs the <c>op</c> commands. A request is checked against the ledger and enqueued (exit 0), or refused with
/// one line <c>settlement: …</c> naming the broken rule and nothing created (exit 1).
/// </summary>
public sealed class OpCommandRunner(OperationRequests requests, OperationWithdrawals withdrawals, OperationStore operations, PaymentHoldStore holds)
{
    public async Task<int> RunAsync(OpCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (command)
        {
            case OpRequestCommand request:
                return await RequestAsync(request, output, error, cancellationToken);

            case OpRetryCommand retry:
                var retried = await requests.RetryAsync(retry.OperationId, cancellationToken);
                if (!retried.TryGetValue(out var requeued, out var problem))
                {
                    await error.WriteLineAsync($"settlement: {problem}");
                    return 1;
                }

                await output.WriteLineAsync($"operation {requeued.Id}: requeued on {OperationKinds.QueueOf(requeued.Kind)} (job {requeued.JobId})");
                return 0;

            case OpApproveCommand approve:
                var approved = await requests.ApproveAsync(approve.OperationId, approve.ApprovedBy, cancellationToken);
                if (!approved.TryGetValue(out var released, out var refusal))
                {
                    await error.WriteLineAsync($"settlement: {refusal}");
                    return 1;
                }

                await output.WriteLineAsync(
                    $"operation {released.Id}: {OperationKinds.CommandOf(released.Kind)} {released.Amount} on {released.ReferencedId} approved by {approve.ApprovedBy}, queued on {OperationKinds.QueueOf(released.Kind)} (job {released.JobId})");
                return 0;

            case OpRejectCommand reject:
                return await WithdrawnAsync(await withdrawals.RejectAsync(reject.OperationId, reject.By, reject.Note, cancellationToken), output, error);

            case OpCancelCommand cancel:
                return await WithdrawnAsync(await withdrawals.CancelAsync(cancel.OperationId, cancel.By, cancel.Note, cancellationToken), output, error);

            case OpHoldCommand hold:
                return await ReportAsync(
                    await holds.HoldAsync(hold.PaymentId, hold.Note, hold.By, cancellationToken),
                    $"{hold.PaymentId} is on hold: the capture sweep skips it until `op unhold {hold.PaymentId}`",
                    output,
                    error);

            case OpUnholdCommand unhold:
                return await ReportAsync(
                    await holds.ReleaseAsync(unhold.PaymentId, unhold.By, cancellationToken),
                    $"{unhold.PaymentId} is released: the capture sweep takes it again when it is due",
                    output,
                    error);

            case OpListCommand list:
                var found = await operations.ListAsync(list.FailedOnly, 1000, cancellationToken);
                await output.WriteAsync(list.Json ? OperationJson.From(found).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine : Table(found));
                return 0;

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "Not an op command.");
        }
    }

    private static async Task<int> WithdrawnAsync(Reconciliation.Result<OperationWithdrawal, string> result, TextWriter output, TextWriter error)
    {
        if (!result.TryGetValue(out var withdrawal, out var refusal))
        {
            await error.WriteLineAsync($"settlement: {refusal}");
            return 1;
        }

        foreach (var operation in withdrawal.Cancelled.Prepend(withdrawal.Operation))
        {
            await output.WriteLineAsync(
                $"operation {operation.Id}: {OperationKinds.CommandOf(operation.Kind)} {operation.Amount?.ToString() ?? "the open amount"}{(operation.ReferencedId is { } on ? " on " + on : string.Empty)} "
                + $"{operation.Status.ToCode()} by {operation.WithdrawnBy}; nothing is sent");
        }

        return 0;
    }

    private static async Task<int> ReportAsync(string? refusal, string done, TextWriter output, TextWriter error)
    {
        if (refusal is not null)
        {
            await error.WriteLineAsync($"settlement: {refusal}");
            return 1;
        }

        await output.WriteLineAsync(done);
        return 0;
    }

    private async Task<int> RequestAsync(OpRequestCommand request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Money? amount = null;
        if (request.Amount is not null)
        {
            if (!Money.Parse(request.Amount, request.Currency).TryGetValue(out var parsed, out var problem))
            {
                await error.WriteLineAsync($"settlement: amount {request.Amount} {request.Currency}: {problem}");
                return 1;
            }

            amount = parsed;
        }

        var command = OperationKinds.CommandOf(request.Kind);
        var actor = AuditActor.Operator(Environment.UserName, $"op {command} from the command line");
        var result = await requests.RequestAsync(new OperationOrder(request.Kind, request.ReferencedId, amount, request.ReasonCode, actor), cancellationToken);
        if (!result.TryGetValue(out var operation, out var rejection))
        {
            await error.WriteLineAsync($"settlement: {rejection.Message} ({rejection.Rule})");
            return 1;
        }

        var what = operation.Amount is { } money ? money.ToString() : "the open amount";
        await output.WriteLineAsync(
            $"operation {operation.Id}: {command} {what}{(operation.ReferencedId is { } on ? " on " + on : string.Empty)} queued on {OperationKinds.QueueOf(operation.Kind)} (job {operation.JobId})");
        return 0;
    }

    private static string Table(IReadOnlyList<Operation> found)
    {
        string[] header = ["id", "kind", "on", "amount", "status", "attempts", "result", "updated"];
        var rows = found.Select(operation => new[]
        {
            operation.Id,
            OperationKinds.CommandOf(operation.Kind),
            operation.ReferencedId ?? "-",
            operation.Amount?.ToString() ?? "open " + operation.Currency.Code,
            operation.Status.ToCode() + (operation.NeedsReview ? " (review)" : string.Empty),
            operation.Attempts.ToString(CultureInfo.InvariantCulture),
            $"{operation.LastResultCode} {operation.LastResultDescription}".Trim(),
            NodaTime.Text.InstantPattern.General.Format(operation.UpdatedAt),
        }).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        return text.ToString();
    }
}
