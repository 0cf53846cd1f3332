using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// <c>operations.operations</c>: the durable record of every operation and its attempts. Each change is one
/// statement, or one transaction where it raises or closes exception cases (<see cref="OperationCases"/>); the
/// execution of one operation is serialised by <see cref="TryLockAsync"/>, not by these writes.
/// </summary>
public sealed class OperationStore(NpgsqlDataSource dataSource, IClock clock)
{
    private const string Columns =
        """
        operation_id, kind, referenced_id, currency, amount_minor, reason_code, status, needs_review, attempts, answers_seen,
        outcome_unknown, last_result_code, last_result_description, gateway_transaction_id, job_id, requested_by_kind,
        requested_by, request_reason, created_at, updated_at, after_operation_id, withdrawn_by, withdrawal_note
        """;

    public async Task InsertAsync(Operation operation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, operation, cancellationToken);
    }

    /// <summary>Stores a new operation in the caller's transaction (the one holding its <see cref="OperationPlanningLock"/>).</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Operation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO operations.operations (operation_id, kind, referenced_id, currency, amount_minor, reason_code, status,
                requested_by_kind, requested_by, request_reason, created_at, updated_at, after_operation_id)
            VALUES (@id, @kind, @referenced_id, @currency, @amount, @reason_code, @status, @actor_kind, @actor, @reason, @now, @now, @after)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("id", operation.Id);
        command.Parameters.AddWithValue("kind", operation.Kind.ToCode());
        command.Parameters.AddWithValue("referenced_id", (object?)operation.ReferencedId ?? DBNull.Value);
        command.Parameters.AddWithValue("currency", operation.Currency.Code);
        command.Parameters.AddWithValue("amount", operation.Amount is { } amount ? amount.MinorUnits : DBNull.Value);
        command.Parameters.AddWithValue("reason_code", (object?)operation.ReasonCode ?? DBNull.Value);
        command.Parameters.AddWithValue("actor_kind", operation.RequestedBy.Kind.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("actor", operation.RequestedBy.Name);
        command.Parameters.AddWithValue("reason", operation.RequestedBy.Reason);
        command.Parameters.AddWithValue("now", operation.CreatedAt);
        command.Parameters.AddWithValue("status", operation.Status == OperationStatus.AwaitingApproval ? operation.Status.ToCode() : OperationStatus.Requested.ToCode());
        command.Parameters.AddWithValue("after", (object?)operation.AfterOperationId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The payment a transaction belongs to, read in the caller's transaction; null when the ledger does not know it.</summary>
    public static async Task<string?> PaymentIdOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string transactionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT payment_id FROM ledger.transactions WHERE transaction_id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", transactionId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<Operation?> FindAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM operations.operations WHERE operation_id = @id");
        command.Parameters.AddWithValue("id", operationId);
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Operations, newest first; with <paramref name="failedOnly"/> those a person must act on (failed, needs review).</summary>
    public async Task<IReadOnlyList<Operation>> ListAsync(bool failedOnly, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM operations.operations
            WHERE NOT @failed_only OR status IN ('failed', 'needs-review')
            ORDER BY created_at DESC, operation_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("failed_only", failedOnly);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Every operation on, or resulting in, any of these transactions (the legs of one payment), oldest first.</summary>
    public async Task<IReadOnlyList<Operation>> OnTransactionsAsync(IEnumerable<string> transactionIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM operations.operations WHERE referenced_id = ANY(@ids) OR gateway_transaction_id = ANY(@ids) ORDER BY created_at, operation_id");
        command.Parameters.AddWithValue("ids", transactionIds.ToArray());
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// The operations a person may have to act on, oldest first: failed, needing review, held for approval, and
    /// waiting (requested, or in an attempt) — a continuation waits here for the operation it follows.
    /// </summary>
    public async Task<IReadOnlyList<Operation>> NeedingAttentionAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM operations.operations
            WHERE status IN ('failed', 'needs-review', 'awaiting-approval', 'requested', 'sending')
            ORDER BY created_at, operation_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Unfinished operations on any of these transactions (the transactions of one payment).</summary>
    public async Task<IReadOnlyList<Operation>> InFlightOnAsync(IEnumerable<string> transactionIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM operations.operations WHERE referenced_id = ANY(@ids) AND status IN ('requested', 'sending') ORDER BY created_at");
        command.Parameters.AddWithValue("ids", transactionIds.ToArray());
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Operations on any of these transactions that have not finished: in flight, or awaiting a person's approval.</summary>
    public async Task<IReadOnlyList<Operation>> UnfinishedOnAsync(IEnumerable<string> transactionIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM operations.operations WHERE referenced_id = ANY(@ids) AND status IN ('requested', 'sending', 'awaiting-approval') ORDER BY created_at");
        command.Parameters.AddWithValue("ids", transactionIds.ToArray());
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// A person approves an operation awaiting approval: in one transaction it becomes <c>requested</c> (its job is
    /// the caller's to enqueue), an audit row names who approved it, and its approval exception is resolved. False
    /// when it was not awaiting approval (any more).
    /// </summary>
    public async Task<bool> ApproveAsync(string operationId, AuditActor approver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var approve = new NpgsqlCommand(
            """
            UPDATE operations.operations SET status = 'requested', approved_by = @by, approved_at = @now, updated_at = @now
            WHERE operation_id = @id AND status = 'awaiting-approval'
            """,
            connection,
            transaction))
        {
            approve.Parameters.AddWithValue("id", operationId);
            approve.Parameters.AddWithValue("by", approver.Name);
            approve.Parameters.AddWithValue("now", now);
            if (await approve.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var audit = new NpgsqlCommand(
            """
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
            SELECT @now, @actor_kind, @actor, 'operation.approved', t.payment_id, o.referenced_id, @reason,
                jsonb_build_object('operation_id', o.operation_id, 'kind', o.kind, 'amount_minor', o.amount_minor, 'currency', o.currency)
            FROM operations.operations o LEFT JOIN ledger.transactions t ON t.transaction_id = o.referenced_id
            WHERE o.operation_id = @id
            """,
            connection,
            transaction))
        {
            audit.Parameters.AddWithValue("id", operationId);
            audit.Parameters.AddWithValue("now", now);
            audit.Parameters.AddWithValue("actor_kind", approver.Kind.ToString().ToLowerInvariant());
            audit.Parameters.AddWithValue("actor", approver.Name);
            audit.Parameters.AddWithValue("reason", approver.Reason);
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var resolve = new NpgsqlCommand(
            """
            UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = @by, note = @note
            WHERE kind = @kind AND subject = @subject AND status = 'open'
            """,
            connection,
            transaction))
        {
            resolve.Parameters.AddWithValue("kind", ExceptionKind.RebillAwaitingApproval.Code);
            resolve.Parameters.AddWithValue("subject", ApprovalSubject(operationId));
            resolve.Parameters.AddWithValue("now", now);
            resolve.Parameters.AddWithValue("by", approver.Name);
            resolve.Parameters.AddWithValue("note", approver.Reason);
            await resolve.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// A person rejects or cancels an operation (<paramref name="status"/>), in one transaction under the operation's
    /// execution lock, so it cannot be mid-send: the row ends rejected or cancelled with who and why, an audit row
    /// tells it, its open cases (failed, blocked, awaiting approval) are resolved with the note, and the operations
    /// waiting for it, which can now never run, are cancelled the same way. <paramref name="refusal"/> says why the
    /// operation (and the one it follows, if any) may not be withdrawn, or null when it may. Nothing else is
    /// touched: the ledger stays as it was, and the jobs are the caller's to withdraw from the queue.
    /// </summary>
    public async Task<Result<OperationWithdrawal, string>> WithdrawAsync(
        string operationId, OperationStatus status, Func<Operation, Operation?, string?> refusal, AuditActor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(by);
        if (status is not (OperationStatus.Rejected or OperationStatus.Cancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only rejected or cancelled.");
        }

        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryLockAsync(connection, transaction, operationId, cancellationToken))
        {
            return $"operation {operationId} is being sent right now; look again in a moment (op list)";
        }

        var operation = await FindAsync(connection, transaction, operationId, cancellationToken);
        if (operation is null)
        {
            return $"no operation {operationId}";
        }

        var after = operation.AfterOperationId is { } afterId ? await FindAsync(connection, transaction, afterId, cancellationToken) : null;
        if (refusal(operation, after) is { } refused)
        {
            return refused;
        }

        var withdrawn = await MarkWithdrawnAsync(connection, transaction, operation, status, by, now, cancellationToken);

        // What waits for it can never run now (its job runs only once this one's job succeeded).
        var cancelled = new List<Operation>();
        var followers = new Queue<Operation>([withdrawn]);
        while (followers.TryDequeue(out var predecessor))
        {
            await using var children = new NpgsqlCommand(
                $"SELECT {Columns} FROM operations.operations WHERE after_operation_id = @id AND status IN ('requested', 'awaiting-approval') AND attempts = 0 AND NOT outcome_unknown ORDER BY created_at",
                connection,
                transaction);
            children.Parameters.AddWithValue("id", predecessor.Id);
            foreach (var child in await ReadAsync(children, cancellationToken))
            {
                if (!await TryLockAsync(connection, transaction, child.Id, cancellationToken))
                {
                    continue;
                }

                var reason = AuditActor.Operator(by.Name, $"{predecessor.Kind.ToCode()} {predecessor.Id}, which it waited for, was {predecessor.Status.ToCode()}: {by.Reason}");
                var child2 = await MarkWithdrawnAsync(connection, transaction, child, OperationStatus.Cancelled, reason, now, cancellationToken);
                cancelled.Add(child2);
                followers.Enqueue(child2);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new OperationWithdrawal(withdrawn, cancelled);
    }

    private static async Task<Operation?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string operationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM operations.operations WHERE operation_id = @id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("id", operationId);
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<Operation> MarkWithdrawnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Operation operation, OperationStatus status, AuditActor by, Instant now, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand(
            """
            UPDATE operations.operations SET status = @status, withdrawn_by = @by, withdrawn_at = @now, withdrawal_note = @note, updated_at = @now
            WHERE operation_id = @id
            """,
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("id", operation.Id);
            update.Parameters.AddWithValue("status", status.ToCode());
            update.Parameters.AddWithValue("by", by.Name);
            update.Parameters.AddWithValue("note", by.Reason);
            update.Parameters.AddWithValue("now", now);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var audit = new NpgsqlCommand(
            """
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
            SELECT @now, @actor_kind, @actor, @action, t.payment_id, o.referenced_id, @reason,
                jsonb_build_object('operation_id', o.operation_id, 'kind', o.kind, 'amount_minor', o.amount_minor, 'currency', o.currency, 'was', @was::text)
            FROM operations.operations o LEFT JOIN ledger.transactions t ON t.transaction_id = o.referenced_id
            WHERE o.operation_id = @id
            """,
            connection,
            transaction))
        {
            audit.Parameters.AddWithValue("id", operation.Id);
            audit.Parameters.AddWithValue("now", now);
            audit.Parameters.AddWithValue("action", $"operation.{status.ToCode()}");
            audit.Parameters.AddWithValue("actor_kind", by.Kind.ToString().ToLowerInvariant());
            audit.Parameters.AddWithValue("actor", by.Name);
            audit.Parameters.AddWithValue("reason", by.Reason);
            audit.Parameters.AddWithValue("was", operation.Status.ToCode());
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var resolve = new NpgsqlCommand(
            """
            UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = @by, note = @note
            WHERE subject = @subject AND kind = ANY(@kinds) AND status = 'open'
            """,
            connection,
            transaction))
        {
            resolve.Parameters.AddWithValue("subject", OperationCases.SubjectOf(operation.Id));
            resolve.Parameters.AddWithValue("kinds", new[] { ExceptionKind.OperationFailed.Code, ExceptionKind.OperationBlocked.Code, ExceptionKind.RebillAwaitingApproval.Code });
            resolve.Parameters.AddWithValue("now", now);
            resolve.Parameters.AddWithValue("by", by.Name);
            resolve.Parameters.AddWithValue("note", $"{status.ToCode()}: {by.Reason}");
            await resolve.ExecuteNonQueryAsync(cancellationToken);
        }

        return operation with { Status = status, WithdrawnBy = by.Name, WithdrawalNote = by.Reason, UpdatedAt = now };
    }

    /// <summary>The subject of the exception that holds an operation for approval (<see cref="ExceptionKind.RebillAwaitingApproval"/>).</summary>
    public static string ApprovalSubject(string operationId) => OperationCases.SubjectOf(operationId);

    /// <summary>Unfinished operations on the transactions of these payments, by payment id, in one round trip.</summary>
    public async Task<ILookup<string, Operation>> InFlightOnPaymentsAsync(IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paymentIds);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns}, payment_id FROM (
                SELECT o.*, t.payment_id FROM operations.operations o JOIN ledger.transactions t ON t.transaction_id = o.referenced_id
                WHERE t.payment_id = ANY(@ids) AND o.status IN ('requested', 'sending')
            ) AS in_flight
            ORDER BY created_at
            """);
        command.Parameters.AddWithValue("ids", paymentIds.ToArray());
        var operations = await ReadAsync(command, paymentIdColumn: 23, cancellationToken);
        return operations.ToLookup(found => found.PaymentId!, found => found.Operation, StringComparer.Ordinal);
    }

    /// <summary>Stores the job ids of many operations in one statement (after a bulk enqueue).</summary>
    public async Task SetJobIdsAsync(IReadOnlyList<(string OperationId, string JobId)> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await using var command = dataSource.CreateCommand(
            """
            UPDATE operations.operations o SET job_id = j.job_id, updated_at = @now
            FROM unnest(@operation_ids, @job_ids) AS j(operation_id, job_id)
            WHERE o.operation_id = j.operation_id
            """);
        command.Parameters.AddWithValue("operation_ids", jobs.Select(job => job.OperationId).ToArray());
        command.Parameters.AddWithValue("job_ids", jobs.Select(job => job.JobId).ToArray());
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Holds the operation for one execution until <paramref name="lockTransaction"/> ends (a transaction-scoped
    /// advisory lock: a killed process releases it with its connection). False when another execution holds it.
    /// </summary>
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, NpgsqlTransaction lockTransaction, string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(hashtextextended(@prefix || @id, 0))", connection, lockTransaction);
        command.Parameters.AddWithValue("prefix", AdvisoryLockKeys.OperationPrefix);
        command.Parameters.AddWithValue("id", operationId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task SetJobIdAsync(string operationId, string jobId, CancellationToken cancellationToken) =>
        UpdateAsync(operationId, "job_id = @job_id", cancellationToken, ("job_id", jobId));

    /// <summary>Committed before the request leaves: a crash from here on is found as <c>sending</c>.</summary>
    public Task BeginAttemptAsync(string operationId, CancellationToken cancellationToken) =>
        UpdateAsync(operationId, "status = 'sending', attempts = attempts + 1", cancellationToken);

    /// <summary>The attempt may have executed: the next one queries first.</summary>
    public Task RecordUnknownAsync(string operationId, string? resultCode, string description, CancellationToken cancellationToken) =>
        UpdateAsync(
            operationId,
            "status = 'requested', outcome_unknown = true, last_result_code = @code, last_result_description = @description",
            cancellationToken,
            ("code", resultCode),
            ("description", description));

    /// <summary>Nothing reached the gateway, or the look-up showed nothing executed: the next attempt may send.</summary>
    public Task RecordNotExecutedAsync(string operationId, string description, CancellationToken cancellationToken) =>
        UpdateAsync(
            operationId,
            "status = 'requested', outcome_unknown = false, last_result_code = NULL, last_result_description = @description",
            cancellationToken,
            ("description", description));

    /// <summary>The gateway answered with a final code that moved no money.</summary>
    public Task RecordRefusedAsync(string operationId, OperationStatus status, string? resultCode, string description, bool answered, CancellationToken cancellationToken) =>
        UpdateWithCasesAsync(
            operationId,
            $"status = @status, outcome_unknown = false, answers_seen = answers_seen + {(answered ? 1 : 0)}, last_result_code = @code, last_result_description = @description",
            "true",
            cancellationToken,
            ("status", status.ToCode()),
            ("code", resultCode),
            ("description", description));

    /// <summary>The gateway answered pending: not final; the next attempt asks the query API.</summary>
    public Task RecordPendingAsync(string operationId, string resultCode, string description, CancellationToken cancellationToken) =>
        UpdateAsync(
            operationId,
            "status = 'requested', outcome_unknown = true, answers_seen = answers_seen + 1, last_result_code = @code, last_result_description = @description",
            cancellationToken,
            ("code", resultCode),
            ("description", description));

    public Task RecordSucceededAsync(string operationId, string gatewayTransactionId, string resultCode, string description, bool needsReview, CancellationToken cancellationToken) =>
        UpdateWithCasesAsync(
            operationId,
            "status = 'succeeded', outcome_unknown = false, needs_review = @review, gateway_transaction_id = @gateway_id, last_result_code = @code, last_result_description = @description",
            "true",
            cancellationToken,
            ("review", needsReview),
            ("gateway_id", gatewayTransactionId),
            ("code", resultCode),
            ("description", description));

    /// <summary>The gateway executed it but the ledger refused the leg.</summary>
    public Task RecordDisagreementAsync(string operationId, string gatewayTransactionId, string resultCode, string description, CancellationToken cancellationToken) =>
        UpdateWithCasesAsync(
            operationId,
            "status = 'needs-review', outcome_unknown = false, gateway_transaction_id = @gateway_id, last_result_code = @code, last_result_description = @description",
            "true",
            cancellationToken,
            ("gateway_id", gatewayTransactionId),
            ("code", resultCode),
            ("description", description));

    /// <summary>Its automatic retries are used up while the outcome was still open: a person retries it.</summary>
    public Task RecordGaveUpAsync(string operationId, string description, CancellationToken cancellationToken) =>
        UpdateWithCasesAsync(
            operationId,
            "status = 'failed', last_result_description = @description",
            "status IN ('requested', 'sending')",
            cancellationToken,
            ("description", description));

    /// <summary>A person asked for another attempt of a failed operation.</summary>
    public Task RequeueAsync(string operationId, CancellationToken cancellationToken) =>
        UpdateAsync(operationId, "status = CASE WHEN status = 'failed' THEN 'requested' ELSE status END", cancellationToken);

    /// <summary>
    /// An operation that will run after <paramref name="failed"/> (approved, or requested, once that one had already
    /// failed): its job waits for a retry of that one, so it is raised as blocked now.
    /// </summary>
    public async Task RaiseBlockedAsync(Operation waiting, Operation failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var payments = await PaymentsOfAsync(connection, transaction, [waiting.ReferencedId], cancellationToken);
        await ExceptionStore.RaiseOrReopenAsync(connection, transaction, OperationCases.BlockedCase(waiting, TitleOf(waiting, payments), failed), clock.GetCurrentInstant(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The payment and merchant reference of each referenced transaction the ledger knows, by transaction id.</summary>
    public async Task<IReadOnlyDictionary<string, (string PaymentId, string? MerchantReference)>> PaymentsOfAsync(IEnumerable<string?> transactionIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await PaymentsOfAsync(connection, null, transactionIds, cancellationToken);
    }

    /// <summary><see cref="OperationTitle"/> of the operation, with its payment looked up in <paramref name="payments"/>.</summary>
    public static string TitleOf(Operation operation, IReadOnlyDictionary<string, (string PaymentId, string? MerchantReference)> payments)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(payments);
        var found = operation.ReferencedId is { } referenced && payments.TryGetValue(referenced, out var payment) ? payment : default((string PaymentId, string? MerchantReference)?);
        return OperationTitle.For(operation, found?.PaymentId, found?.MerchantReference);
    }

    private static async Task<IReadOnlyDictionary<string, (string PaymentId, string? MerchantReference)>> PaymentsOfAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string?> transactionIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT t.transaction_id, t.payment_id, p.merchant_transaction_id
            FROM ledger.transactions t JOIN ledger.payments p USING (payment_id)
            WHERE t.transaction_id = ANY(@ids)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("ids", transactionIds.OfType<string>().Distinct().ToArray());
        var payments = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            payments[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return payments;
    }

    // The change and the exception cases it raises or closes, in one transaction: a failure is never recorded without
    // its case, nor a success without closing the cases of its failures.
    private async Task UpdateWithCasesAsync(string operationId, string set, string onlyWhen, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Operation? changed;
        await using (var update = new NpgsqlCommand(
            $"UPDATE operations.operations SET {set}, updated_at = @now WHERE operation_id = @id AND ({onlyWhen}) RETURNING {Columns}", connection, transaction))
        {
            update.Parameters.AddWithValue("id", operationId);
            update.Parameters.AddWithValue("now", now);
            foreach (var (name, value) in parameters)
            {
                update.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var read = await ReadAsync(update, cancellationToken);
            changed = read.Count > 0 ? read[0] : null;
        }

        if (changed is not null)
        {
            await ApplyCasesAsync(connection, transaction, changed, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ApplyCasesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Operation changed, Instant now, CancellationToken cancellationToken)
    {
        if (changed.Status == OperationStatus.Succeeded)
        {
            await using var close = new NpgsqlCommand(
                """
                UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = 'rule:operations', note = @note
                WHERE subject = @subject AND kind = ANY(@kinds) AND status = 'open'
                """,
                connection,
                transaction);
            close.Parameters.AddWithValue("subject", OperationCases.SubjectOf(changed.Id));
            close.Parameters.AddWithValue("kinds", new[] { ExceptionKind.OperationFailed.Code, ExceptionKind.OperationBlocked.Code });
            close.Parameters.AddWithValue("note", $"succeeded as {changed.GatewayTransactionId} at attempt {changed.Attempts}");
            close.Parameters.AddWithValue("now", now);
            await close.ExecuteNonQueryAsync(cancellationToken);
        }

        var stopped = changed.Status is OperationStatus.Failed or OperationStatus.NeedsReview;
        if (!stopped && !changed.NeedsReview)
        {
            return;
        }

        // The continuations still waiting: their jobs wait for this one's job to succeed.
        IReadOnlyList<Operation> waiting = [];
        if (stopped)
        {
            await using var children = new NpgsqlCommand(
                $"SELECT {Columns} FROM operations.operations WHERE after_operation_id = @id AND status IN ('requested', 'sending') ORDER BY created_at",
                connection,
                transaction);
            children.Parameters.AddWithValue("id", changed.Id);
            waiting = await ReadAsync(children, cancellationToken);
        }

        var payments = await PaymentsOfAsync(connection, transaction, waiting.Append(changed).Select(operation => operation.ReferencedId), cancellationToken);
        var title = TitleOf(changed, payments);
        var raised = changed.Status == OperationStatus.Failed ? OperationCases.FailedCase(changed, title) : OperationCases.NeedsReviewCase(changed, title);
        await ExceptionStore.RaiseOrReopenAsync(connection, transaction, raised, now, cancellationToken);
        foreach (var child in waiting)
        {
            await ExceptionStore.RaiseOrReopenAsync(connection, transaction, OperationCases.BlockedCase(child, TitleOf(child, payments), changed), now, cancellationToken);
        }
    }

    private Task UpdateAsync(string operationId, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        UpdateAsync(operationId, set, "true", cancellationToken, parameters);

    private async Task UpdateAsync(string operationId, string set, string onlyWhen, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand($"UPDATE operations.operations SET {set}, updated_at = @now WHERE operation_id = @id AND ({onlyWhen})");
        command.Parameters.AddWithValue("id", operationId);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Operation>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(command, paymentIdColumn: null, cancellationToken)).Select(found => found.Operation)];

    private static async Task<List<(Operation Operation, string? PaymentId)>> ReadAsync(NpgsqlCommand command, int? paymentIdColumn, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var operations = new List<(Operation, string?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var currency = Currency.TryFind(reader.GetString(3), out var known)
                ? known
                : throw new InvalidOperationException($"Operation {reader.GetString(0)} has unknown currency '{reader.GetString(3)}'.");
            operations.Add((new Operation
            {
                Id = reader.GetString(0),
                Kind = TransactionTypeCode.Parse(reader.GetString(1)),
                ReferencedId = reader.IsDBNull(2) ? null : reader.GetString(2),
                Currency = currency,
                Amount = reader.IsDBNull(4) ? null : new Money(reader.GetInt64(4), currency),
                ReasonCode = reader.IsDBNull(5) ? null : reader.GetString(5),
                Status = OperationStatusCode.Parse(reader.GetString(6)),
                NeedsReview = reader.GetBoolean(7),
                Attempts = reader.GetInt32(8),
                AnswersSeen = reader.GetInt32(9),
                OutcomeUnknown = reader.GetBoolean(10),
                LastResultCode = reader.IsDBNull(11) ? null : reader.GetString(11),
                LastResultDescription = reader.IsDBNull(12) ? null : reader.GetString(12),
                GatewayTransactionId = reader.IsDBNull(13) ? null : reader.GetString(13),
                JobId = reader.IsDBNull(14) ? null : reader.GetString(14),
                RequestedBy = new AuditActor(Enum.Parse<ActorKind>(reader.GetString(15), ignoreCase: true), reader.GetString(16), reader.GetString(17)),
                CreatedAt = reader.GetFieldValue<Instant>(18),
                UpdatedAt = reader.GetFieldValue<Instant>(19),
                AfterOperationId = reader.IsDBNull(20) ? null : reader.GetString(20),
                WithdrawnBy = reader.IsDBNull(21) ? null : reader.GetString(21),
                WithdrawalNote = reader.IsDBNull(22) ? null : reader.GetString(22),
            }, paymentIdColumn is { } column ? reader.GetString(column) : null));
        }

        return operations;
    }
}
