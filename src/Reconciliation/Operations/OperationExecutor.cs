using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// Executes one attempt of an operation, in three steps: resolve what earlier attempts did (query by
/// merchantTransactionId before anything is re-sent), send only if nothing executed, and record a success in
/// the ledger exactly once. Whoever runs it (the Hangfire job) only maps the <see cref="ExecutionVerdict"/> to
/// retry or stop; the exactly-once policy lives here and nowhere else.
/// </summary>
/// <remarks>
/// One execution at a time per operation (a transaction-scoped advisory lock held for the attempt): a job run
/// twice by the queue, a dashboard retry racing an automatic one, both find each other out. Every state is
/// committed before the next step, so a crash anywhere leaves a row that the next execution resumes from:
/// <c>sending</c> (query first), a ledger leg without <c>succeeded</c> (the query adopts the success, the
/// ledger answers already recorded).
/// </remarks>
public sealed partial class OperationExecutor(
    NpgsqlDataSource dataSource,
    OperationStore operations,
    GatewayClient gateway,
    LedgerStore ledger,
    IClock clock,
    IOptions<PayoutCardOptions> payoutCard,
    ILogger<OperationExecutor> logger)
{
    public async Task<ExecutionResult> ExecuteAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(cancellationToken);
        if (!await OperationStore.TryLockAsync(lockConnection, lockTransaction, operationId, cancellationToken))
        {
            return ExecutionResult.RetryLater($"operation {operationId} is being executed elsewhere");
        }

        var operation = await operations.FindAsync(operationId, cancellationToken);
        if (operation is null)
        {
            return ExecutionResult.Failed($"operation {operationId} does not exist");
        }

        if (operation.Status == OperationStatus.Succeeded)
        {
            return ExecutionResult.Succeeded($"operation {operationId} had already succeeded as {operation.GatewayTransactionId}");
        }

        if (operation.IsWithdrawn)
        {
            return ExecutionResult.Withdrawn($"operation {operationId} was {operation.Status.ToCode()} by {operation.WithdrawnBy} ({operation.WithdrawalNote}): nothing is sent");
        }

        if (operation.Status == OperationStatus.AwaitingApproval)
        {
            return ExecutionResult.Withdrawn($"operation {operationId} awaits approval: nothing is sent until op approve {operationId}");
        }

        // Any earlier attempt may have executed (a lost response, a crash mid-send, a decline retried by a
        // person): ask the gateway what it holds under our id before sending anything.
        if (operation.Attempts > 0)
        {
            var query = await gateway.QueryByMerchantTransactionIdAsync(operationId, cancellationToken);
            if (!query.IsProcessed)
            {
                var reason = $"cannot learn what the previous attempt did, so nothing is sent: {query.Failure}";
                await operations.RecordUnknownAsync(operationId, operation.LastResultCode, reason, cancellationToken);
                return ExecutionResult.RetryLater(reason);
            }

            var previous = PreviousAttempt.Resolve(operation, query.Transactions);
            if (previous.Adopted is { } adopted)
            {
                LogAdopted(logger, operationId, adopted.Id, adopted.ResultCode);
                return await ConcludeAsync(operation, adopted, cancellationToken);
            }
        }

        await operations.BeginAttemptAsync(operationId, cancellationToken);
        var outcome = await SendAsync(operation, cancellationToken);
        switch (outcome.Kind)
        {
            case GatewayOutcomeKind.Processed:
                return await ConcludeAsync(operation, outcome.Response!, cancellationToken);

            case GatewayOutcomeKind.NotSent:
                await operations.RecordNotExecutedAsync(operationId, outcome.Failure!, cancellationToken);
                return ExecutionResult.RetryLater(outcome.Failure!);

            case GatewayOutcomeKind.Refused:
                await operations.RecordRefusedAsync(operationId, OperationStatus.Failed, null, outcome.Failure!, answered: false, cancellationToken);
                return ExecutionResult.Failed(outcome.Failure!);

            default:
                await operations.RecordUnknownAsync(operationId, null, outcome.Failure!, cancellationToken);
                return ExecutionResult.RetryLater($"outcome unknown, the next attempt queries first: {outcome.Failure}");
        }
    }

    private Task<GatewayOutcome> SendAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (operation.Kind == TransactionType.Credit)
        {
            return gateway.SendInitialPaymentAsync(
                new InitialPaymentRequest(operation.Id, TransactionType.Credit, operation.Amount!.Value, payoutCard.Value.ToCard()),
                cancellationToken);
        }

        return gateway.SendBackofficeAsync(
            new BackofficeRequest(operation.Id, operation.Kind, operation.ReferencedId!, operation.Amount) { ChargebackReasonCode = operation.ReasonCode },
            cancellationToken);
    }

    // The gateway's answer (to this attempt, or found for an earlier one) decides how the operation ends.
    private async Task<ExecutionResult> ConcludeAsync(Operation operation, GatewayResponse answer, CancellationToken cancellationToken)
    {
        var id = operation.Id;
        var said = $"{answer.ResultCode} {answer.ResultDescription}".TrimEnd();
        switch (answer.Class)
        {
            case ResultCodeClass.Success or ResultCodeClass.SuccessNeedsReview when answer.Id is not null:
                return await RecordAsync(operation, answer, cancellationToken);

            case ResultCodeClass.Transient:
                // 900.100.300 and friends: "timeout, outcome uncertain" — as unknown as no answer at all.
                await operations.RecordUnknownAsync(id, answer.ResultCode, answer.ResultDescription, cancellationToken);
                return ExecutionResult.RetryLater($"transient answer, the next attempt queries first: {said}");

            case ResultCodeClass.Pending:
                await operations.RecordPendingAsync(id, answer.ResultCode, answer.ResultDescription, cancellationToken);
                return ExecutionResult.RetryLater($"pending at the gateway: {said}");

            default:
                await operations.RecordRefusedAsync(id, OperationStatus.Failed, answer.ResultCode, answer.ResultDescription, answered: true, cancellationToken);
                LogRefused(logger, id, operation.Kind, answer.ResultCode, answer.ResultDescription);
                return ExecutionResult.Failed($"{operation.Kind.ToCode()} {id} {Describe(answer.Class)}: {said}");
        }
    }

    private async Task<ExecutionResult> RecordAsync(Operation operation, GatewayResponse answer, CancellationToken cancellationToken)
    {
        var gatewayId = answer.Id!;
        var processedAt = answer.Timestamp ?? clock.GetCurrentInstant();
        var actor = new AuditActor(operation.RequestedBy.Kind, operation.RequestedBy.Name, $"{operation.RequestedBy.Reason} (operation {operation.Id})");
        var recorded = operation.Kind == TransactionType.Credit
            ? await ledger.StartPaymentAsync(
                new NewPayment(gatewayId, TransactionType.Credit, answer.Amount ?? operation.Amount!.Value, processedAt, answer.ResultCode, operation.Id, new PaymentDetails
                {
                    CardBrand = payoutCard.Value.Brand,
                    CardBin = answer.CardBin,
                    CardLast4 = answer.CardLast4,
                }),
                actor,
                cancellationToken)
            : await ledger.ApplyAsync(
                new OperationRequest(
                    gatewayId,
                    operation.Kind,
                    operation.ReferencedId!,
                    // A reversal releases the open amount the gateway echoes; the others are what we asked for.
                    operation.Kind == TransactionType.Reversal ? answer.Amount : operation.Amount,
                    processedAt,
                    answer.ResultCode,
                    operation.Id),
                actor,
                cancellationToken);

        if (!recorded.TryGetValue(out var applied, out var rejection))
        {
            var disagreement = $"the gateway executed {operation.Kind.ToCode()} {gatewayId} ({answer.ResultCode}) but the ledger refuses it: {rejection.Message}";
            await operations.RecordDisagreementAsync(operation.Id, gatewayId, answer.ResultCode, disagreement, cancellationToken);
            LogDisagreement(logger, operation.Id, gatewayId, rejection.Rule, rejection.Message);
            return ExecutionResult.Failed(disagreement);
        }

        var needsReview = answer.Class == ResultCodeClass.SuccessNeedsReview;
        await operations.RecordSucceededAsync(operation.Id, gatewayId, answer.ResultCode, answer.ResultDescription, needsReview, cancellationToken);
        LogSucceeded(logger, operation.Id, operation.Kind, gatewayId, answer.ResultCode, applied.AlreadyRecorded, needsReview);
        return ExecutionResult.Succeeded($"{operation.Kind.ToCode()} {operation.Id} executed as {gatewayId}: {answer.ResultCode}{(needsReview ? " (flagged for review)" : string.Empty)}");
    }

    private static string Describe(ResultCodeClass resultClass) => resultClass switch
    {
        ResultCodeClass.Declined => "was declined",
        ResultCodeClass.InvalidRequest => "was refused as invalid",
        _ => "failed",
    };

    [LoggerMessage(EventId = LogEvents.OperationExecution.Executed, Level = LogLevel.Information, Message = "Operation {OperationId}: {Type} executed as {GatewayId} ({ResultCode}); ledger already had it: {AlreadyRecorded}; needs review: {NeedsReview}")]
    private static partial void LogSucceeded(ILogger logger, string operationId, TransactionType type, string gatewayId, string resultCode, bool alreadyRecorded, bool needsReview);

    [LoggerMessage(EventId = LogEvents.OperationExecution.Adopted, Level = LogLevel.Information, Message = "Operation {OperationId}: adopting {GatewayId} ({ResultCode}) found by the query API instead of sending again")]
    private static partial void LogAdopted(ILogger logger, string operationId, string? gatewayId, string resultCode);

    [LoggerMessage(EventId = LogEvents.OperationExecution.RefusedByGateway, Level = LogLevel.Warning, Message = "Operation {OperationId}: {Type} refused by the gateway: {ResultCode} {Description}")]
    private static partial void LogRefused(ILogger logger, string operationId, TransactionType type, string resultCode, string description);

    [LoggerMessage(EventId = LogEvents.OperationExecution.LedgerDisagrees, Level = LogLevel.Error, Message = "Operation {OperationId}: gateway executed {GatewayId} but the ledger refuses it ({Rule}): {Message}")]
    private static partial void LogDisagreement(ILogger logger, string operationId, string gatewayId, LedgerRule rule, string message);
}
