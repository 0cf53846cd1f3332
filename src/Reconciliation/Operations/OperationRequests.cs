using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Logging;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// The one way in for operations (command line, HTTP API, rules): check against the ledger, then store the row,
/// then queue its job (<see cref="IOperationQueue"/>). A bad request is answered with the broken rule before a row
/// or a job exists. Planning and storing hold the payment's <see cref="OperationPlanningLock"/>, so two requests on
/// one payment (an operator's and the sweep's capture) are planned one after the other. Queueing needs only the
/// queue's storage: the worker's running executor executes the job.
/// </summary>
public sealed partial class OperationRequests(
    NpgsqlDataSource dataSource,
    LedgerStore ledger,
    OperationStore operations,
    IOperationQueue queue,
    IClock clock,
    ILogger<OperationRequests> logger)
{
    public Task<Result<Operation, Rejection>> RequestAsync(OperationOrder order, CancellationToken cancellationToken) =>
        RequestAsync(order, OperationStart.Immediately, cancellationToken);

    /// <summary>
    /// As <see cref="RequestAsync(OperationOrder, CancellationToken)"/>, and the operation runs after another one
    /// (only once that one's job succeeded), or waits for approval with no job at all.
    /// </summary>
    public async Task<Result<Operation, Rejection>> RequestAsync(OperationOrder order, OperationStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(start);
        Operation operation;
        Payment? payment;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var paymentId = order.ReferencedId is { } referencedId ? await OperationStore.PaymentIdOfAsync(connection, transaction, referencedId, cancellationToken) : null;
            await OperationPlanningLock.HoldForPaymentAsync(connection, transaction, paymentId, cancellationToken);

            // In flight first, then the payment: an operation that succeeded in between is then seen in the ledger
            // (its leg is committed before its success), never missed by both reads.
            var inFlight = paymentId is null ? [] : (await operations.InFlightOnPaymentsAsync([paymentId], cancellationToken))[paymentId];
            payment = order.ReferencedId is { } referenced && paymentId is not null ? await ledger.FindPaymentAsync(referenced, cancellationToken) : null;
            var planned = OperationPlanner.Plan(order, payment, inFlight, OperationIds.New(), clock.GetCurrentInstant());
            if (!planned.TryGetValue(out var accepted, out var rejection))
            {
                LogRejected(logger, order.Kind, order.ReferencedId, rejection.Rule, rejection.Message);
                return rejection;
            }

            operation = accepted with
            {
                AfterOperationId = start.After?.Id,
                Status = start.AwaitsApproval ? OperationStatus.AwaitingApproval : OperationStatus.Requested,
            };

            // Row first, then job: a job never exists without its row. A crash between the two leaves a requested
            // row without a job, which `op retry` enqueues.
            await OperationStore.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var title = OperationTitle.For(operation, payment?.Id, payment?.Root.MerchantTransactionId);
        if (start.AwaitsApproval)
        {
            LogAwaitingApproval(logger, operation.Id, title, operation.RequestedBy.Name);
            return operation;
        }

        var jobId = await EnqueueAsync(operation, title, start.After, cancellationToken);
        await operations.SetJobIdAsync(operation.Id, jobId, cancellationToken);
        LogRequested(logger, operation.Id, title, operation.RequestedBy.Name, jobId);
        return operation with { JobId = jobId };
    }

    /// <summary>
    /// Enqueues the jobs of operations a rule stored in bulk (the capture sweep stores its rows in the transaction
    /// of its decisions), with the same job shape as <see cref="RequestAsync(OperationOrder, CancellationToken)"/>.
    /// <paramref name="parallelism"/> of them are enqueued at once; job ids are stored in chunks, so a crash leaves
    /// few enqueued jobs without their id (a second job of one operation is harmless: the executor locks the
    /// operation and finds it done).
    /// </summary>
    public async Task EnqueueStoredAsync(IReadOnlyList<Operation> stored, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        const int ChunkSize = 500;
        foreach (var chunk in stored.Chunk(ChunkSize))
        {
            var payments = await operations.PaymentsOfAsync(chunk.Select(operation => operation.ReferencedId), cancellationToken);
            var jobIds = new (string OperationId, string JobId)[chunk.Length];
            await Parallel.ForAsync(
                0,
                chunk.Length,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                (index, _) =>
                {
                    jobIds[index] = (chunk[index].Id, queue.Enqueue(chunk[index], OperationStore.TitleOf(chunk[index], payments), null));
                    return ValueTask.CompletedTask;
                });
            await operations.SetJobIdsAsync(jobIds, cancellationToken);
        }

        LogEnqueuedStored(logger, stored.Count);
    }

    /// <summary>
    /// Another attempt of a failed operation (or one whose job is gone), under the same id, so the executor's
    /// look-up keeps it exactly once. The message says why not, when it cannot be retried.
    /// </summary>
    public async Task<Result<Operation, string>> RetryAsync(string operationId, CancellationToken cancellationToken)
    {
        var operation = await operations.FindAsync(operationId, cancellationToken);
        if (operation is null)
        {
            return $"no operation {operationId}";
        }

        switch (operation.Status)
        {
            case OperationStatus.AwaitingApproval:
                return $"operation {operationId} awaits approval: approve it with op approve {operationId}";
            case OperationStatus.Succeeded:
                return $"operation {operationId} already succeeded as {operation.GatewayTransactionId}";
            case OperationStatus.Rejected or OperationStatus.Cancelled:
                return $"operation {operationId} was {operation.Status.ToCode()} by {operation.WithdrawnBy}: it is never sent; request a new one if it is wanted after all";
        }

        var jobState = operation.JobId is { } existing ? queue.StateOf(existing) : OperationJobState.Missing;
        if (operation.IsInFlight && jobState == OperationJobState.Waiting)
        {
            return $"operation {operationId} is {operation.Status.ToCode()} and its job {operation.JobId} is waiting: it will be attempted without a retry";
        }

        await operations.RequeueAsync(operationId, cancellationToken);
        string jobId;
        if (operation.JobId is { } known && jobState != OperationJobState.Missing)
        {
            queue.Requeue(operation, known, "retried by a person");
            jobId = known;
        }
        else
        {
            jobId = await EnqueueAsync(operation, await TitleAsync(operation, cancellationToken), null, cancellationToken);
            await operations.SetJobIdAsync(operationId, jobId, cancellationToken);
        }

        LogRetried(logger, operationId, jobId);
        return operation with { Status = OperationStatus.Requested, JobId = jobId };
    }

    /// <summary>
    /// A person approves an operation that awaits approval: it is audited, its exception resolved, and its job
    /// enqueued (after the operation it follows, if that has not succeeded yet). The message says why not.
    /// </summary>
    public async Task<Result<Operation, string>> ApproveAsync(string operationId, string approvedBy, CancellationToken cancellationToken)
    {
        var operation = await operations.FindAsync(operationId, cancellationToken);
        if (operation is null)
        {
            return $"no operation {operationId}";
        }

        if (string.IsNullOrWhiteSpace(approvedBy))
        {
            return "say who approves it";
        }

        var approver = AuditActor.Operator(approvedBy.Trim(), $"approved {OperationKinds.CommandOf(operation.Kind)} {operation.Amount} on {operation.ReferencedId}");
        if (!await operations.ApproveAsync(operationId, approver, cancellationToken))
        {
            var current = await operations.FindAsync(operationId, cancellationToken);
            return $"operation {operationId} is {current?.Status.ToCode()}, not awaiting approval";
        }

        var after = operation.AfterOperationId is { } afterId ? await operations.FindAsync(afterId, cancellationToken) : null;
        var jobId = await EnqueueAsync(operation, await TitleAsync(operation, cancellationToken), after, cancellationToken);
        await operations.SetJobIdAsync(operationId, jobId, cancellationToken);
        LogApproved(logger, operationId, approver.Name, jobId);
        return operation with { Status = OperationStatus.Requested, JobId = jobId };
    }

    private async Task<string> TitleAsync(Operation operation, CancellationToken cancellationToken) =>
        OperationStore.TitleOf(operation, await operations.PaymentsOfAsync([operation.ReferencedId], cancellationToken));

    // A step enqueued after one that has already failed waits for that one's retry: it is raised as blocked at once,
    // as the failure would have raised it had it been waiting then.
    private async Task<string> EnqueueAsync(Operation operation, string title, Operation? after, CancellationToken cancellationToken)
    {
        var jobId = queue.Enqueue(operation, title, after);
        if (after is { Status: OperationStatus.Failed or OperationStatus.NeedsReview })
        {
            await operations.RaiseBlockedAsync(operation, after, cancellationToken);
        }

        return jobId;
    }

    [LoggerMessage(EventId = LogEvents.OperationRequests.Requested, Level = LogLevel.Information, Message = "Operation {OperationId}: {Title} requested by {RequestedBy}, job {JobId}")]
    private static partial void LogRequested(ILogger logger, string operationId, string title, string requestedBy, string jobId);

    [LoggerMessage(EventId = LogEvents.OperationRequests.Refused, Level = LogLevel.Information, Message = "{Type} on {ReferencedId} refused before any job ({Rule}): {Message}")]
    private static partial void LogRejected(ILogger logger, TransactionType type, string? referencedId, LedgerRule rule, string message);

    [LoggerMessage(EventId = LogEvents.OperationRequests.AwaitingApproval, Level = LogLevel.Information, Message = "Operation {OperationId}: {Title} requested by {RequestedBy} awaits approval")]
    private static partial void LogAwaitingApproval(ILogger logger, string operationId, string title, string requestedBy);

    [LoggerMessage(EventId = LogEvents.OperationRequests.Approved, Level = LogLevel.Information, Message = "Operation {OperationId}: approved by {ApprovedBy}, job {JobId}")]
    private static partial void LogApproved(ILogger logger, string operationId, string approvedBy, string jobId);

    [LoggerMessage(EventId = LogEvents.OperationRequests.StoredEnqueued, Level = LogLevel.Information, Message = "{Count} stored operations enqueued")]
    private static partial void LogEnqueuedStored(ILogger logger, int count);

    [LoggerMessage(EventId = LogEvents.OperationRequests.Retried, Level = LogLevel.Information, Message = "Operation {OperationId}: retried by a person, job {JobId}")]
    private static partial void LogRetried(ILogger logger, string operationId, string jobId);
}
