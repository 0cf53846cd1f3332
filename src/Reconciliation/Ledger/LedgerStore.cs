using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// The ledger in PostgreSQL. Every change to a payment happens in one database transaction that holds
/// the payment's row lock (<c>SELECT … FOR UPDATE</c>) while <see cref="BackofficeRules"/> decides, so
/// concurrent operations on one payment are serialised and can never break a rule together. The stored
/// balances and the audit row are written in the same transaction as the leg.
/// </summary>
public sealed partial class LedgerStore(NpgsqlDataSource dataSource, IClock clock, ILogger<LedgerStore> logger)
{
    private const string UniqueViolation = "23505";

    /// <summary>Records a PA, DB or CD. Recording the same payment again changes nothing.</summary>
    public async Task<Result<AppliedOperation, Rejection>> StartPaymentAsync(NewPayment payment, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(actor);
        var started = BackofficeRules.Start(payment);
        if (!started.TryGetValue(out var newPayment, out var rejection))
        {
            LogRejected(logger, payment.Type, payment.Id, rejection.Rule, rejection.Message);
            return rejection;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await FindTransactionAsync(connection, payment.Id, cancellationToken);
        if (existing is not null)
        {
            return SameTransaction(existing, newPayment.Root)
                ? new AppliedOperation(existing, [], AlreadyRecorded: true)
                : Conflict(existing, newPayment.Root);
        }

        var now = clock.GetCurrentInstant();
        var details = newPayment.Details;
        var balances = newPayment.Balances;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded,
                merchant_transaction_id, processed_at, authorization_kind, card_brand, card_bin, card_last4,
                merchant_category_code, arn, expires_at, recorded_at, updated_at, initiated_by)
            VALUES (@id, @type, @currency, @amount, @result_code, @succeeded, @merchant_transaction_id, @processed_at,
                @authorization_kind, @card_brand, @card_bin, @card_last4, @mcc, @arn, @expires_at, @now, @now, @initiated_by)
            ON CONFLICT (payment_id) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("id", payment.Id);
            insert.Parameters.AddWithValue("type", payment.Type.ToCode());
            insert.Parameters.AddWithValue("currency", payment.Amount.Currency.Code);
            insert.Parameters.AddWithValue("amount", payment.Amount.MinorUnits);
            insert.Parameters.AddWithValue("result_code", payment.ResultCode);
            insert.Parameters.AddWithValue("succeeded", newPayment.Succeeded);
            insert.Parameters.AddWithValue("merchant_transaction_id", (object?)payment.MerchantTransactionId ?? DBNull.Value);
            insert.Parameters.AddWithValue("processed_at", payment.ProcessedAt);
            insert.Parameters.AddWithValue("authorization_kind", details.AuthorizationKind.ToCode());
            insert.Parameters.AddWithValue("card_brand", (object?)details.CardBrand ?? DBNull.Value);
            insert.Parameters.AddWithValue("card_bin", (object?)details.CardBin ?? DBNull.Value);
            insert.Parameters.AddWithValue("card_last4", (object?)details.CardLast4 ?? DBNull.Value);
            insert.Parameters.AddWithValue("mcc", (object?)details.MerchantCategoryCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("arn", (object?)details.Arn ?? DBNull.Value);
            insert.Parameters.AddWithValue("expires_at", details.ExpiresAt is { } expiresAt ? expiresAt : DBNull.Value);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("initiated_by", details.InitiatedBy.ToCode());
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Another request recorded it between our look-up and our insert: answer as for a repeat.
                await transaction.RollbackAsync(cancellationToken);
                return await StartPaymentAsync(payment, actor, cancellationToken);
            }
        }

        await InsertTransactionAsync(connection, transaction, newPayment.Root, now, cancellationToken);
        await UpdateBalancesAsync(connection, transaction, payment.Id, balances, now, cancellationToken);
        await AppendAuditAsync(connection, transaction, now, actor, "payment.recorded", newPayment.Root, [], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRecorded(logger, payment.Type, payment.Id, payment.Id, payment.Amount, actor.Kind, actor.Name);
        return new AppliedOperation(newPayment.Root, []);
    }

    /// <summary>
    /// Records a backoffice operation if every rule allows it, or returns the rule it breaks. Recording the
    /// same transaction again changes nothing and answers with the leg recorded the first time.
    /// </summary>
    public async Task<Result<AppliedOperation, Rejection>> ApplyAsync(OperationRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await TryApplyAsync(request, actor, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
        {
            // The same transaction id was inserted concurrently elsewhere: the second look answers as a repeat or a conflict.
            return await TryApplyAsync(request, actor, cancellationToken);
        }
    }

    /// <summary>The payment that a transaction belongs to (any of its ids), with all its legs.</summary>
    public async Task<Payment?> FindPaymentAsync(string transactionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var paymentId = await PaymentIdOfAsync(connection, null, transactionId, cancellationToken);
        return paymentId is null ? null : await LoadPaymentAsync(connection, null, paymentId, forUpdate: false, cancellationToken);
    }

    /// <summary>Payments by their ids, with all their legs, in one round trip (no locks: for planning, not for changing).</summary>
    public async Task<IReadOnlyDictionary<string, Payment>> FindPaymentsAsync(IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paymentIds);
        await using var command = dataSource.CreateCommand(
            """
            SELECT p.payment_id, p.authorization_kind, p.card_brand, p.card_bin, p.card_last4, p.merchant_category_code, p.arn, p.expires_at, p.initiated_by,
                   t.transaction_id, t.payment_id, t.transaction_type, t.referenced_id, t.currency, t.amount_minor, t.processed_at, t.result_code, t.merchant_transaction_id
            FROM ledger.payments p JOIN ledger.transactions t ON t.payment_id = p.payment_id
            WHERE p.payment_id = ANY(@ids)
            ORDER BY p.payment_id, t.sequence
            """);
        command.Parameters.AddWithValue("ids", paymentIds.ToArray());
        var details = new Dictionary<string, PaymentDetails>(StringComparer.Ordinal);
        var transactions = new Dictionary<string, List<LedgerTransaction>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var paymentId = reader.GetString(0);
                if (!details.ContainsKey(paymentId))
                {
                    details[paymentId] = ReadDetails(reader);
                    transactions[paymentId] = [];
                }

                transactions[paymentId].Add(ReadTransaction(reader, first: 9));
            }
        }

        return PaymentsOf(details, transactions);
    }

    /// <summary>Payments put together from their details and their legs (in ledger order), keyed by payment id.</summary>
    internal static Dictionary<string, Payment> PaymentsOf(Dictionary<string, PaymentDetails> details, Dictionary<string, List<LedgerTransaction>> transactions) =>
        details.ToDictionary(
            entry => entry.Key,
            entry => new Payment(transactions[entry.Key].Single(leg => leg.Id == entry.Key), entry.Value, transactions[entry.Key]),
            StringComparer.Ordinal);

    /// <summary>The audit trail of one payment, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT audit_id, occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details::text
            FROM ledger.audit_log WHERE payment_id = @payment_id ORDER BY audit_id
            """);
        command.Parameters.AddWithValue("payment_id", paymentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<Instant>(1),
                Enum.Parse<ActorKind>(reader.GetString(2), ignoreCase: true),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return entries;
    }

    private async Task<Result<AppliedOperation, Rejection>> TryApplyAsync(OperationRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var paymentId = await PaymentIdOfAsync(connection, transaction, request.ReferencedId, cancellationToken);
        if (paymentId is null)
        {
            var unknown = new Rejection(LedgerRule.ReferenceNotFound, $"{request.ReferencedId} is not a known transaction");
            LogRejected(logger, request.Type, request.TransactionId, unknown.Rule, unknown.Message);
            return unknown;
        }

        var payment = await LoadPaymentAsync(connection, transaction, paymentId, forUpdate: true, cancellationToken)
            ?? throw new InvalidOperationException($"Transaction {request.ReferencedId} names payment {paymentId}, which does not exist.");

        var existing = payment.Find(request.TransactionId) ?? await FindTransactionAsync(connection, request.TransactionId, cancellationToken);
        if (existing is not null)
        {
            return IsRepeatOf(existing, request) ? new AppliedOperation(existing, [], AlreadyRecorded: true) : Conflict(existing, request);
        }

        var now = clock.GetCurrentInstant();
        var decision = BackofficeRules.Apply(payment, request, now);
        if (!decision.TryGetValue(out var applied, out var rejection))
        {
            LogRejected(logger, request.Type, request.TransactionId, rejection.Rule, rejection.Message);
            return rejection;
        }

        await InsertTransactionAsync(connection, transaction, applied.Transaction, now, cancellationToken);
        await UpdateBalancesAsync(connection, transaction, payment.Id, payment.With(applied.Transaction).Balances, now, cancellationToken);
        await AppendAuditAsync(connection, transaction, now, actor, "leg.recorded", applied.Transaction, applied.Warnings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRecorded(logger, request.Type, applied.Transaction.Id, payment.Id, applied.Transaction.Amount, actor.Kind, actor.Name);
        foreach (var warning in applied.Warnings)
        {
            LogRecordedWithWarning(logger, applied.Transaction.Id, payment.Id, warning.Kind, warning.Message);
        }

        return applied;
    }

    private static bool SameTransaction(LedgerTransaction existing, LedgerTransaction candidate) =>
        existing.Type == candidate.Type
        && existing.ReferencedId == candidate.ReferencedId
        && existing.Amount == candidate.Amount;

    private static bool IsRepeatOf(LedgerTransaction existing, OperationRequest request) =>
        existing.Type == request.Type
        && existing.ReferencedId == request.ReferencedId
        && (request.Amount is not { } amount || amount == existing.Amount);

    private static Rejection Conflict(LedgerTransaction existing, LedgerTransaction candidate) =>
        new(LedgerRule.TransactionIdReusedWithOtherContent, $"{candidate.Id} is already recorded as {existing.Type.ToCode()} {existing.Amount}; it cannot also be {candidate.Type.ToCode()} {candidate.Amount}");

    private static Rejection Conflict(LedgerTransaction existing, OperationRequest request) =>
        new(LedgerRule.TransactionIdReusedWithOtherContent, $"{request.TransactionId} is already recorded as {existing.Type.ToCode()} {existing.Amount} on {existing.ReferencedId}; it cannot also be {request.Type.ToCode()} {request.Amount?.ToString() ?? "(open amount)"} on {request.ReferencedId}");

    private static async Task<string?> PaymentIdOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string transactionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT payment_id FROM ledger.transactions WHERE transaction_id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", transactionId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<LedgerTransaction?> FindTransactionAsync(NpgsqlConnection connection, string transactionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, processed_at, result_code, merchant_transaction_id
            FROM ledger.transactions WHERE transaction_id = @id
            """,
            connection);
        command.Parameters.AddWithValue("id", transactionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTransaction(reader) : null;
    }

    private static async Task<Payment?> LoadPaymentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string paymentId, bool forUpdate, CancellationToken cancellationToken)
    {
        PaymentDetails details;
        await using (var lockPayment = new NpgsqlCommand(
            $"""
            SELECT payment_id, authorization_kind, card_brand, card_bin, card_last4, merchant_category_code, arn, expires_at, initiated_by
            FROM ledger.payments WHERE payment_id = @id {(forUpdate ? "FOR UPDATE" : string.Empty)}
            """,
            connection,
            transaction))
        {
            lockPayment.Parameters.AddWithValue("id", paymentId);
            await using var reader = await lockPayment.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            details = ReadDetails(reader);
        }

        var transactions = new List<LedgerTransaction>();
        await using (var legs = new NpgsqlCommand(
            """
            SELECT transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, processed_at, result_code, merchant_transaction_id
            FROM ledger.transactions WHERE payment_id = @id ORDER BY sequence
            """,
            connection,
            transaction))
        {
            legs.Parameters.AddWithValue("id", paymentId);
            await using var reader = await legs.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                transactions.Add(ReadTransaction(reader));
            }
        }

        var root = transactions.Single(leg => leg.Id == paymentId);
        return new Payment(root, details, transactions);
    }

    /// <summary>
    /// Reads the columns payment_id, authorization_kind, card_brand, card_bin, card_last4, merchant_category_code, arn,
    /// expires_at, initiated_by of ledger.payments, in that order, from the first column.
    /// </summary>
    internal static PaymentDetails ReadDetails(NpgsqlDataReader reader) => new()
    {
        AuthorizationKind = AuthorizationKindCode.FromStored(reader.GetString(1)),
        CardBrand = reader.IsDBNull(2) ? null : reader.GetString(2),
        CardBin = reader.IsDBNull(3) ? null : reader.GetString(3),
        CardLast4 = reader.IsDBNull(4) ? null : reader.GetString(4),
        MerchantCategoryCode = reader.IsDBNull(5) ? null : reader.GetString(5),
        Arn = reader.IsDBNull(6) ? null : reader.GetString(6),
        ExpiresAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<Instant>(7),
        InitiatedBy = InitiatorCode.FromStored(reader.GetString(8)),
    };

    /// <summary>
    /// Reads the columns transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor,
    /// processed_at, result_code, merchant_transaction_id, in that order, starting at column <paramref name="first"/>.
    /// </summary>
    internal static LedgerTransaction ReadTransaction(NpgsqlDataReader reader, int first = 0) => new(
        Id: reader.GetString(first),
        PaymentId: reader.GetString(first + 1),
        Type: TransactionTypeCode.Parse(reader.GetString(first + 2)),
        ReferencedId: reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        Amount: new Money(reader.GetInt64(first + 5), Currency.FromCode(reader.GetString(first + 4))),
        ProcessedAt: reader.GetFieldValue<Instant>(first + 6),
        ResultCode: reader.GetString(first + 7),
        MerchantTransactionId: reader.IsDBNull(first + 8) ? null : reader.GetString(first + 8));

    private static async Task InsertTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerTransaction leg, Instant now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO ledger.transactions (transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor,
                result_code, merchant_transaction_id, processed_at, recorded_at)
            VALUES (@id, @payment_id, @type, @referenced_id, @currency, @amount, @result_code, @merchant_transaction_id, @processed_at, @now)
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("id", leg.Id);
        insert.Parameters.AddWithValue("payment_id", leg.PaymentId);
        insert.Parameters.AddWithValue("type", leg.Type.ToCode());
        insert.Parameters.AddWithValue("referenced_id", (object?)leg.ReferencedId ?? DBNull.Value);
        insert.Parameters.AddWithValue("currency", leg.Currency.Code);
        insert.Parameters.AddWithValue("amount", leg.Amount.MinorUnits);
        insert.Parameters.AddWithValue("result_code", leg.ResultCode);
        insert.Parameters.AddWithValue("merchant_transaction_id", (object?)leg.MerchantTransactionId ?? DBNull.Value);
        insert.Parameters.AddWithValue("processed_at", leg.ProcessedAt);
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpdateBalancesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string paymentId, PaymentBalances balances, Instant now, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            """
            UPDATE ledger.payments SET
                authorized_minor = @authorized, captured_minor = @captured, open_minor = @open, reversed_minor = @reversed,
                refunded_minor = @refunded, charged_back_minor = @charged_back, chargeback_reversed_minor = @chargeback_reversed,
                rebilled_minor = @rebilled, paid_out_minor = @paid_out, updated_at = @now
            WHERE payment_id = @id
            """,
            connection,
            transaction);
        update.Parameters.AddWithValue("id", paymentId);
        update.Parameters.AddWithValue("authorized", balances.Authorized.MinorUnits);
        update.Parameters.AddWithValue("captured", balances.Captured.MinorUnits);
        update.Parameters.AddWithValue("open", balances.Open.MinorUnits);
        update.Parameters.AddWithValue("reversed", balances.Reversed.MinorUnits);
        update.Parameters.AddWithValue("refunded", balances.Refunded.MinorUnits);
        update.Parameters.AddWithValue("charged_back", balances.ChargedBack.MinorUnits);
        update.Parameters.AddWithValue("chargeback_reversed", balances.ChargebackReversed.MinorUnits);
        update.Parameters.AddWithValue("rebilled", balances.Rebilled.MinorUnits);
        update.Parameters.AddWithValue("paid_out", balances.PaidOut.MinorUnits);
        update.Parameters.AddWithValue("now", now);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AppendAuditAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Instant now,
        AuditActor actor,
        string action,
        LedgerTransaction leg,
        IReadOnlyList<LedgerWarning> warnings,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
            VALUES (@now, @actor_kind, @actor, @action, @payment_id, @transaction_id, @reason, @details)
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("actor_kind", actor.Kind.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("actor", actor.Name);
        insert.Parameters.AddWithValue("action", action);
        insert.Parameters.AddWithValue("payment_id", leg.PaymentId);
        insert.Parameters.AddWithValue("transaction_id", leg.Id);
        insert.Parameters.AddWithValue("reason", actor.Reason);
        insert.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = AuditDetails.For(leg, warnings) });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.Ledger.Recorded, Level = LogLevel.Information, Message = "Recorded {Type} {TransactionId} on payment {PaymentId}: {Amount} (by {ActorKind} {Actor})")]
    private static partial void LogRecorded(ILogger logger, TransactionType type, string transactionId, string paymentId, Money amount, ActorKind actorKind, string actor);

    [LoggerMessage(EventId = LogEvents.Ledger.RecordedWithWarning, Level = LogLevel.Warning, Message = "Recorded {TransactionId} on payment {PaymentId} with warning {WarningKind}: {Warning}")]
    private static partial void LogRecordedWithWarning(ILogger logger, string transactionId, string paymentId, LedgerWarningKind warningKind, string warning);

    [LoggerMessage(EventId = LogEvents.Ledger.Refused, Level = LogLevel.Information, Message = "Refused {Type} {TransactionId}: {Rule}: {Reason}")]
    private static partial void LogRejected(ILogger logger, TransactionType type, string transactionId, LedgerRule rule, string reason);
}
