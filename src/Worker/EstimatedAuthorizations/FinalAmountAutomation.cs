using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.EstimatedAuthorizations;

/// <summary>
/// Acts on every final amount not acted on yet (from a final-amounts file or <c>POST /api/final-amounts</c>): closes
/// its payment through <see cref="FinalAmountDecision"/>, requesting the steps through the operations pipeline in
/// order (each a continuation of the one before), a rebill above the cap held for approval with an open exception.
/// A final amount acts once: its action row is its memory; the staging dedupe already keeps one final amount per
/// payment. Runs after each ingested file and nightly as the scheduled work <c>final-amounts</c>.
/// </summary>
/// <remarks>
/// The operations are requested before the action row is written. A crash between the two makes the final amount
/// decide again on the next run, where the decision waits while those operations are in flight and afterwards asks
/// only for what is still missing: the money moves once.
/// </remarks>
public sealed partial class FinalAmountAutomation(
    NpgsqlDataSource dataSource,
    LedgerStore ledger,
    OperationStore operations,
    OperationRequests requests,
    RebillCap cap,
    IClock clock,
    ILogger<FinalAmountAutomation> logger) : IScheduledWork
{
    /// <summary>The rule named on audit rows and operations.</summary>
    public const string RuleName = "estimated-authorizations";

    public string Name => "final-amounts";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var (acted, waiting) = await ActAsync(cancellationToken);
        return $"{acted} final amount(s) acted on, {waiting} waiting for operations in flight";
    }

    /// <summary>Acts on the pending final amounts; returns how many acted and how many wait for operations in flight.</summary>
    public async Task<(int Acted, int Waiting)> ActAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", lockConnection, lockTransaction))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKeys.FinalAmounts);
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return (0, 0);
            }
        }

        var (acted, waiting) = (0, 0);
        foreach (var final in await PendingAsync(cancellationToken))
        {
            var (payment, ambiguity) = await FindPaymentAsync(final, cancellationToken);
            var unfinished = payment is null ? [] : await operations.UnfinishedOnAsync(payment.Transactions.Select(leg => leg.Id), cancellationToken);
            var decision = ambiguity is not null
                ? new FinalAmountAction.Unmatched(ambiguity)
                : FinalAmountDecision.For(payment, final.Amount, unfinished, cap, clock.GetCurrentInstant());
            if (decision is FinalAmountAction.Wait)
            {
                LogWaiting(logger, final.Key, decision.Explanation);
                waiting++;
                continue;
            }

            var outcome = decision switch
            {
                FinalAmountAction.Settle settle => await RequestAsync(final, settle, cancellationToken),
                FinalAmountAction.Closed => new Outcome("closed", [], decision.Explanation, null),
                FinalAmountAction.Unmatched => new Outcome("unmatched", [], decision.Explanation, ExceptionKind.UnmatchedFinalAmount),
                _ => new Outcome("refused", [], decision.Explanation, ExceptionKind.FinalAmountRefused),
            };

            // Every rebill of the payment that waits for a person has its exception, also one requested by a run
            // that crashed before it recorded.
            var awaiting = unfinished.Concat(outcome.Operations).Where(operation => operation.Status == OperationStatus.AwaitingApproval).DistinctBy(operation => operation.Id).ToList();
            await RecordAsync(final, payment, outcome, awaiting, cancellationToken);
            LogActed(logger, final.Key, outcome.Action, outcome.Explanation);
            acted++;
        }

        return (acted, waiting);
    }

    private async Task<Outcome> RequestAsync(PendingFinalAmount final, FinalAmountAction.Settle settle, CancellationToken cancellationToken)
    {
        var actor = AuditActor.Rule(RuleName, $"final amount {final.Amount}{(final.Reference is { } reference ? $" ({reference})" : string.Empty)} from {final.Source}: {settle.Explanation}");
        var requested = new List<Operation>();
        Operation? previous = null;
        foreach (var step in settle.Steps)
        {
            var order = new OperationOrder(step.Kind, step.ReferencedId, step.Amount, null, actor);
            var result = await requests.RequestAsync(order, new OperationStart(previous, step.AwaitsApproval), cancellationToken);
            if (!result.TryGetValue(out var operation, out var rejection))
            {
                // The steps already requested stand (they are each within the rules); what is missing needs a person.
                return new Outcome("refused", requested, $"{settle.Explanation}; {step} refused: {rejection.Message}", ExceptionKind.FinalAmountRefused);
            }

            requested.Add(operation);
            previous = operation;
        }

        var action = requested.Any(operation => operation.Status == OperationStatus.AwaitingApproval) ? "awaiting_approval" : "requested";
        return new Outcome(action, requested, settle.Explanation, null);
    }

    private async Task<List<PendingFinalAmount>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT f.file_id, f.line_number, f.payment_id, f.merchant_transaction_id, f.final_minor, f.currency, f.reference, i.original_name
            FROM acquirer.final_amounts f JOIN intake.files i ON i.file_id = f.file_id
            WHERE NOT EXISTS (SELECT 1 FROM recon.final_amount_actions a WHERE a.file_id = f.file_id AND a.line_number = f.line_number)
            ORDER BY f.file_id, f.line_number
            """);
        var pending = new List<PendingFinalAmount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingFinalAmount(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new Money(reader.GetInt64(4), Currency.FromCode(reader.GetString(5))),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7)));
        }

        return pending;
    }

    /// <summary>The payment by the final amount's payment id (any id of the payment), else by its merchant reference, which must name one payment only.</summary>
    private async Task<(Payment? Payment, string? Ambiguity)> FindPaymentAsync(PendingFinalAmount final, CancellationToken cancellationToken)
    {
        if (final.PaymentId is not null)
        {
            return (await ledger.FindPaymentAsync(final.PaymentId, cancellationToken), null);
        }

        await using var command = dataSource.CreateCommand("SELECT payment_id FROM ledger.payments WHERE merchant_transaction_id = @reference ORDER BY payment_id LIMIT 2");
        command.Parameters.AddWithValue("reference", final.MerchantTransactionId!);
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        return found switch
        {
            [var paymentId] => (await ledger.FindPaymentAsync(paymentId, cancellationToken), null),
            [_, _] => (null, $"merchant reference {final.MerchantTransactionId} names several payments ({string.Join(", ", found)}, …): give the payment id"),
            _ => (null, null),
        };
    }

    private async Task RecordAsync(PendingFinalAmount final, Payment? payment, Outcome outcome, IReadOnlyList<Operation> awaiting, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO recon.final_amount_actions (file_id, line_number, action, payment_id, operation_ids, explanation, decided_at)
            VALUES (@file, @line, @action, @payment, @operations, @explanation, @now)
            ON CONFLICT (file_id, line_number) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("file", final.FileId);
            insert.Parameters.AddWithValue("line", final.LineNumber);
            insert.Parameters.AddWithValue("action", outcome.Action);
            insert.Parameters.AddWithValue("payment", (object?)payment?.Id ?? DBNull.Value);
            insert.Parameters.AddWithValue("operations", outcome.Operations.Select(operation => operation.Id).ToArray());
            insert.Parameters.AddWithValue("explanation", outcome.Explanation);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        if (payment is not null)
        {
            await using var audit = new NpgsqlCommand(
                """
                INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
                VALUES (@now, 'rule', @actor, 'final_amount.decided', @payment, @payment, @reason,
                    jsonb_build_object('file_id', @file, 'line', @line, 'final_amount', @amount, 'currency', @currency, 'decision', @action, 'operations', @operations))
                """,
                connection,
                transaction);
            audit.Parameters.AddWithValue("now", now);
            audit.Parameters.AddWithValue("actor", RuleName);
            audit.Parameters.AddWithValue("payment", payment.Id);
            audit.Parameters.AddWithValue("reason", outcome.Explanation);
            audit.Parameters.AddWithValue("file", final.FileId);
            audit.Parameters.AddWithValue("line", final.LineNumber);
            audit.Parameters.AddWithValue("amount", final.Amount.FormatAmount());
            audit.Parameters.AddWithValue("currency", final.Amount.Currency.Code);
            audit.Parameters.AddWithValue("action", outcome.Action);
            audit.Parameters.AddWithValue("operations", outcome.Operations.Select(operation => operation.Id).ToArray());
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        if (outcome.ExceptionKind is { } kind)
        {
            await RaiseAsync(connection, transaction, kind, $"final amount {final.FileId}:{final.LineNumber}", final, payment?.Id, $"{final.Key}: {outcome.Explanation}", now, cancellationToken);
        }

        foreach (var operation in awaiting)
        {
            await RaiseAsync(
                connection,
                transaction,
                ExceptionKind.RebillAwaitingApproval,
                OperationStore.ApprovalSubject(operation.Id),
                final,
                operation.ReferencedId,
                $"{OperationKinds.CommandOf(operation.Kind)} {operation.Amount} on {operation.ReferencedId} awaits approval ({final.Key}: {outcome.Explanation}); approve with: op approve {operation.Id}",
                now,
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static Task RaiseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ExceptionKind kind, string subject, PendingFinalAmount final, string? transactionId, string summary, Instant now, CancellationToken cancellationToken) =>
        ExceptionStore.RaiseAsync(connection, transaction, new RaisedCase(kind, subject, final.FileId, final.LineNumber, transactionId, summary), now, cancellationToken);

    [LoggerMessage(EventId = LogEvents.FinalAmounts.Acted, Level = LogLevel.Information, Message = "{FinalAmount}: {Action}: {Explanation}")]
    private static partial void LogActed(ILogger logger, string finalAmount, string action, string explanation);

    [LoggerMessage(EventId = LogEvents.FinalAmounts.Waiting, Level = LogLevel.Information, Message = "{FinalAmount}: waits: {Explanation}")]
    private static partial void LogWaiting(ILogger logger, string finalAmount, string explanation);

    private sealed record Outcome(string Action, IReadOnlyList<Operation> Operations, string Explanation, ExceptionKind? ExceptionKind);

    private sealed record PendingFinalAmount(long FileId, long LineNumber, string? PaymentId, string? MerchantTransactionId, Money Amount, string? Reference, string Source)
    {
        /// <summary>How the final amount is named in logs and exceptions: its payment reference, amount and line.</summary>
        public string Key => $"final amount {Amount} for {PaymentId ?? MerchantTransactionId} ({Source} line {LineNumber})";
    }
}
