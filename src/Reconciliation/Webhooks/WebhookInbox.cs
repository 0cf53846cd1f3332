using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.Webhooks;

/// <summary>
/// Takes the gateway's PAYMENT notifications into the ledger. Each one is first stored in
/// <c>webhooks.notifications</c> (a repeat of the same id and result code is dropped there), then every
/// pending notification whose reference the ledger knows by now is applied, oldest payload timestamp
/// first, until a pass applies nothing more: a capture that arrived before its pre-authorization waits
/// and is applied when the pre-authorization comes. The ledger is itself idempotent on transaction ids,
/// so two workers applying the same row record it once.
/// </summary>
public sealed partial class WebhookInbox(NpgsqlDataSource dataSource, LedgerStore ledger, IClock clock, ILogger<WebhookInbox> logger) : IDisposable
{
    private static readonly AuditActor Actor = AuditActor.Gateway("webhook", "gateway payment notification");

    // One pass at a time in this process: passes started while one runs would only find its rows.
    private readonly SemaphoreSlim _applying = new(1, 1);

    /// <summary>Stores the notification (once) and applies whatever is pending. True if it was new.</summary>
    public async Task<bool> ReceiveAsync(GatewayResponse payment, string payloadJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Id is null || payment.PaymentType is null)
        {
            // A declined initial payment may come without an id: nothing the ledger could refer to.
            LogUnusable(logger, payment.ResultCode);
            return false;
        }

        bool inserted;
        await using (var insert = dataSource.CreateCommand(
            """
            INSERT INTO webhooks.notifications (transaction_id, result_code, payment_type, referenced_id, payload, gateway_timestamp, received_at)
            VALUES (@id, @code, @type, @referenced, @payload, @timestamp, @now)
            ON CONFLICT (transaction_id, result_code) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("id", payment.Id);
            insert.Parameters.AddWithValue("code", payment.ResultCode);
            insert.Parameters.AddWithValue("type", payment.PaymentType.Value.ToCode());
            insert.Parameters.AddWithValue("referenced", (object?)payment.ReferencedId ?? DBNull.Value);
            insert.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = payloadJson });
            insert.Parameters.AddWithValue("timestamp", payment.Timestamp is { } timestamp ? timestamp : DBNull.Value);
            insert.Parameters.AddWithValue("now", clock.GetCurrentInstant());
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        LogReceived(logger, payment.PaymentType.Value, payment.Id, payment.ResultCode, inserted);
        await ApplyPendingAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Applies every pending notification whose reference exists now; returns how many were settled.</summary>
    public async Task<int> ApplyPendingAsync(CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            var settled = 0;
            while (true)
            {
                var progress = 0;
                foreach (var (notificationId, payment) in await PendingAsync(cancellationToken))
                {
                    if (await ApplyAsync(payment, cancellationToken) is { } outcome)
                    {
                        await MarkAsync(notificationId, outcome, cancellationToken);
                        progress++;
                    }
                }

                settled += progress;
                if (progress == 0)
                {
                    return settled;
                }
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    public void Dispose() => _applying.Dispose();

    /// <summary>How many notifications still wait for their reference.</summary>
    public async Task<long> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM webhooks.notifications WHERE applied_at IS NULL");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The outcome to store, or null to leave the notification pending (its reference is not in the ledger yet).
    private async Task<string?> ApplyAsync(GatewayResponse payment, CancellationToken cancellationToken)
    {
        var type = payment.PaymentType!.Value;
        if (type.StartsPayment())
        {
            if (payment.Amount is not { } amount)
            {
                return "not-recordable: no amount";
            }

            var details = new PaymentDetails { CardBrand = payment.PaymentBrand, CardBin = payment.CardBin, CardLast4 = payment.CardLast4 };
            var started = await ledger.StartPaymentAsync(
                new NewPayment(payment.Id!, type, amount, payment.Timestamp ?? clock.GetCurrentInstant(), payment.ResultCode, payment.MerchantTransactionId, details),
                Actor,
                cancellationToken);
            return Outcome(started);
        }

        if (!payment.IsSuccessful)
        {
            // Only successful operations change a payment; a declined one is kept here for the record.
            return "not-successful";
        }

        if (payment.ReferencedId is null)
        {
            return "not-recordable: no referencedId";
        }

        var applied = await ledger.ApplyAsync(
            new OperationRequest(payment.Id!, type, payment.ReferencedId, payment.Amount, payment.Timestamp ?? clock.GetCurrentInstant(), payment.ResultCode, payment.MerchantTransactionId),
            Actor,
            cancellationToken);
        return applied.IsFailure && applied.Error.Rule == LedgerRule.ReferenceNotFound ? null : Outcome(applied);
    }

    private string Outcome(Result<AppliedOperation, Rejection> result)
    {
        if (result.TryGetValue(out var applied, out var rejection))
        {
            return applied.AlreadyRecorded ? "already-recorded" : "recorded";
        }

        LogRejected(logger, rejection.Rule, rejection.Message);
        return $"rejected: {rejection.Rule}";
    }

    private async Task<IReadOnlyList<(long Id, GatewayResponse Payment)>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT notification_id, payload::text FROM webhooks.notifications
            WHERE applied_at IS NULL ORDER BY gateway_timestamp NULLS LAST, notification_id LIMIT 500
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<(long, GatewayResponse)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
            pending.Add((reader.GetInt64(0), GatewayResponse.FromJson(payload.RootElement)!));
        }

        return pending;
    }

    private async Task MarkAsync(long notificationId, string outcome, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE webhooks.notifications SET applied_at = @now, outcome = @outcome WHERE notification_id = @id");
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("id", notificationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.Webhooks.Received, Level = LogLevel.Information, Message = "Webhook {PaymentType} {TransactionId} {ResultCode} received (new: {IsNew})")]
    private static partial void LogReceived(ILogger logger, TransactionType paymentType, string transactionId, string resultCode, bool isNew);

    [LoggerMessage(EventId = LogEvents.Webhooks.Unusable, Level = LogLevel.Information, Message = "Webhook without a transaction id or payment type ignored (result {ResultCode})")]
    private static partial void LogUnusable(ILogger logger, string resultCode);

    [LoggerMessage(EventId = LogEvents.Webhooks.RefusedByLedger, Level = LogLevel.Warning, Message = "Webhook notification refused by the ledger: {Rule}: {Reason}")]
    private static partial void LogRejected(ILogger logger, LedgerRule rule, string reason);
}
