using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Disputes;

/// <summary>
/// Acts on every dispute event that has not acted yet, in event order: a chargeback becomes a CB operation
/// (recorded in the ledger and sent to the gateway through the operations pipeline, with the reason code), a
/// reversal a CR on that dispute's chargeback, a second chargeback a new CB; retrieval requests and
/// arbitration outcomes are recorded. An event acts once: its action row is its memory, and the staging
/// dedupe already drops the same event repeated in another file. What needs a person becomes an exception.
/// </summary>
/// <remarks>
/// The operation is requested before the action row is written. A crash between the two makes the event try
/// again on the next run, where the ledger's rules refuse a second open chargeback on the leg: the money
/// still moves once, and the refusal is left as an exception to look at.
/// </remarks>
public sealed partial class DisputeAutomation(
    NpgsqlDataSource dataSource, LedgerStore ledger, OperationRequests requests, IClock clock, ILogger<DisputeAutomation> logger)
{
    public async Task<int> ActAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", lockConnection, lockTransaction))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKeys.Disputes);
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        var acted = 0;
        foreach (var dispute in await PendingAsync(cancellationToken))
        {
            var payment = await FindPaymentAsync(dispute, cancellationToken);
            var decision = DisputeDecision.For(dispute.Event, dispute.Amount, dispute.ReasonCode, payment, dispute.PaymentId);
            if (decision is DisputeAction.Wait)
            {
                continue;
            }

            var actor = AuditActor.File($"dispute {dispute.DisputeId}", decision.Explanation);
            var (action, operationId, transactionId, explanation, exceptionKind) = decision switch
            {
                DisputeAction.Chargeback chargeback => await RequestAsync(
                    new OperationOrder(TransactionType.Chargeback, chargeback.LegId, chargeback.Amount, chargeback.ReasonCode, actor),
                    "chargeback_requested",
                    chargeback.OnRefundedMoney ? ExceptionKind.ChargebackOnRefunded : null,
                    decision.Explanation,
                    cancellationToken),
                DisputeAction.Reversal reversal => await RequestAsync(
                    new OperationOrder(TransactionType.ChargebackReversal, reversal.ChargebackId, reversal.Amount, null, actor),
                    "reversal_requested",
                    null,
                    decision.Explanation,
                    cancellationToken),
                DisputeAction.Unmatched => ("unmatched", null, null, decision.Explanation, ExceptionKind.UnmatchedDispute),
                DisputeAction.Refused => ("refused", null, null, decision.Explanation, ExceptionKind.DisputeRefused),
                _ => ("recorded", (string?)null, (string?)null, decision.Explanation, (ExceptionKind?)null),
            };

            await RecordAsync(dispute, action, operationId, transactionId, explanation, exceptionKind, cancellationToken);
            LogActed(logger, dispute.DisputeId, dispute.Event, action, explanation);
            acted++;
        }

        return acted;
    }

    private async Task<(string Action, string? OperationId, string? TransactionId, string Explanation, ExceptionKind? ExceptionKind)> RequestAsync(
        OperationOrder order, string action, ExceptionKind? exceptionKind, string explanation, CancellationToken cancellationToken)
    {
        var requested = await requests.RequestAsync(order, cancellationToken);
        return requested.TryGetValue(out var operation, out var rejection)
            ? (action, operation.Id, order.ReferencedId, explanation, exceptionKind)
            : ("refused", null, order.ReferencedId, $"{explanation}; refused: {rejection.Message}", ExceptionKind.DisputeRefused);
    }

    private async Task<List<PendingDispute>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.file_id, e.line_number, e.dispute_id, e.event, e.payment_id, e.merchant_transaction_id, e.arn, e.amount_minor, e.currency, e.reason_code
            FROM acquirer.dispute_events e
            WHERE NOT EXISTS (SELECT 1 FROM recon.dispute_actions a WHERE a.file_id = e.file_id AND a.line_number = e.line_number)
            ORDER BY e.event_date, e.file_id, e.line_number
            """);
        var pending = new List<PendingDispute>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingDispute(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                EventOf(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : new Money(reader.GetInt64(7), Currency.FromCode(reader.GetString(8))),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return pending;
    }

    /// <summary>The disputed payment by the event's keys, in the order matching uses: payment id, merchant reference, ARN.</summary>
    private async Task<Payment?> FindPaymentAsync(PendingDispute dispute, CancellationToken cancellationToken)
    {
        if (dispute.PaymentId is not null && await ledger.FindPaymentAsync(dispute.PaymentId, cancellationToken) is { } byId)
        {
            return byId;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT payment_id FROM ledger.payments WHERE merchant_transaction_id = @reference
            UNION ALL SELECT payment_id FROM ledger.transactions WHERE merchant_transaction_id = @reference
            UNION ALL SELECT payment_id FROM ledger.payments WHERE arn = @arn
            LIMIT 1
            """);
        command.Parameters.AddWithValue("reference", (object?)dispute.MerchantTransactionId ?? DBNull.Value);
        command.Parameters.AddWithValue("arn", (object?)dispute.Arn ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string paymentId ? await ledger.FindPaymentAsync(paymentId, cancellationToken) : null;
    }

    private async Task RecordAsync(
        PendingDispute dispute, string action, string? operationId, string? transactionId, string explanation, ExceptionKind? exceptionKind, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO recon.dispute_actions (file_id, line_number, action, operation_id, transaction_id, explanation, decided_at)
            VALUES (@file, @line, @action, @operation, @transaction, @explanation, @now)
            ON CONFLICT (file_id, line_number) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("file", dispute.FileId);
            insert.Parameters.AddWithValue("line", dispute.LineNumber);
            insert.Parameters.AddWithValue("action", action);
            insert.Parameters.AddWithValue("operation", (object?)operationId ?? DBNull.Value);
            insert.Parameters.AddWithValue("transaction", (object?)transactionId ?? DBNull.Value);
            insert.Parameters.AddWithValue("explanation", explanation);
            insert.Parameters.AddWithValue("now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (exceptionKind is not null)
        {
            var raised = new RaisedCase(
                exceptionKind, $"dispute {dispute.FileId}:{dispute.LineNumber}", dispute.FileId, dispute.LineNumber, transactionId, $"dispute {dispute.DisputeId} {dispute.Event}: {explanation}");
            await ExceptionStore.RaiseAsync(connection, transaction, raised, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static ChargebackEventType EventOf(string code) => code switch
    {
        "RETRIEVAL_REQUEST" => ChargebackEventType.RetrievalRequest,
        "CHARGEBACK" => ChargebackEventType.Chargeback,
        "CHARGEBACK_REVERSAL" => ChargebackEventType.ChargebackReversal,
        "SECOND_CHARGEBACK" => ChargebackEventType.SecondChargeback,
        "ARBITRATION_WON" => ChargebackEventType.ArbitrationWon,
        "ARBITRATION_LOST" => ChargebackEventType.ArbitrationLost,
        _ => throw new InvalidOperationException($"Stored dispute event '{code}' is not a known event."),
    };

    [LoggerMessage(EventId = LogEvents.Disputes.Acted, Level = LogLevel.Information, Message = "Dispute {DisputeId} {Event}: {Action}: {Explanation}")]
    private static partial void LogActed(ILogger logger, string disputeId, ChargebackEventType @event, string action, string explanation);

    private sealed record PendingDispute(
        long FileId, long LineNumber, string DisputeId, ChargebackEventType Event, string? PaymentId, string? MerchantTransactionId, string? Arn, Money? Amount, string? ReasonCode);
}
