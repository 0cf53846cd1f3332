using Settlement.Reconciliation.ResultCodes;
using System.Data.Common;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator;

/// <summary>
/// The simulator's transactions in PostgreSQL (schema <c>simulator</c>). Operations on one payment are
/// decided under a row lock on the payment's root transaction, so concurrent captures or refunds on it
/// are decided one after the other against what the previous one stored.
/// </summary>
public sealed class SimulatorStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        transaction_id, payment_id, entity_id, payment_type, referenced_id, currency, amount_minor, result_code,
        result_description, succeeded, merchant_transaction_id, descriptor, payment_brand, card_bin, card_last4,
        card_holder, card_expiry_month, card_expiry_year, chargeback_reason_code, expires_at, processed_at
        """;

    public async Task InsertAsync(SimulatorTransaction transaction, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, transaction, cancellationToken);
    }

    /// <summary>
    /// Decides an operation on <paramref name="referencedId"/> while its payment is locked and stores the
    /// decision. <paramref name="decide"/> gets null when the reference does not exist.
    /// </summary>
    public async Task<SimulatorTransaction> RecordOperationAsync(
        string referencedId,
        Func<SimulatorTransaction?, IReadOnlyList<SimulatorTransaction>, SimulatorTransaction> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var referenced = await FindAsync(connection, transaction, "transaction_id = @id", referencedId, cancellationToken);
        IReadOnlyList<SimulatorTransaction> tree = [];
        if ((referenced.Count > 0 ? referenced[0] : null) is { PaymentId: { } paymentId })
        {
            await using (var lockRoot = new NpgsqlCommand("SELECT 1 FROM simulator.transactions WHERE transaction_id = @id FOR UPDATE", connection, transaction))
            {
                lockRoot.Parameters.AddWithValue("id", paymentId);
                await lockRoot.ExecuteNonQueryAsync(cancellationToken);
            }

            tree = await FindAsync(connection, transaction, "payment_id = @id", paymentId, cancellationToken);
        }

        var decided = decide((referenced.Count > 0 ? referenced[0] : null), tree);
        await InsertAsync(connection, transaction, decided, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return decided;
    }

    /// <summary>
    /// Learns transactions the gateway processed without the simulator (a transactions export), in the caller's
    /// transaction, so that operations on them are decided as on the simulator's own: each joins the payment of the
    /// transaction it references (earlier in <paramref name="exported"/>, or already known), under
    /// <paramref name="entityId"/>. A transaction already known is left as it is, and one whose reference is known
    /// nowhere is skipped (the ledger refuses it too). No webhook is sent: the ledger has them already.
    /// </summary>
    /// <remarks>
    /// The export says nothing of a PA's window: a learned PA lapses when the schemes' default rules say (brand,
    /// authorization kind, MCC, initiator — the windows the worker's capture sweep starts from), not after the
    /// simulator's flat <see cref="SimulatorOptions.PreAuthorizationExpiryDays"/>, so a hotel stay keeps its 30 days.
    /// </remarks>
    /// <returns>How many transactions were new to the simulator.</returns>
    public static async Task<int> LearnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string entityId, IReadOnlyList<ExportedTransaction> exported, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exported);
        if (exported.Count == 0)
        {
            return 0;
        }

        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        var outside = exported.Where(line => line.ReferencedId is not null).Select(line => line.ReferencedId!).Except(exported.Select(line => line.Id)).Distinct().ToArray();
        await using (var known = new NpgsqlCommand("SELECT transaction_id, payment_id FROM simulator.transactions WHERE transaction_id = ANY(@ids) AND payment_id IS NOT NULL", connection, transaction))
        {
            known.Parameters.AddWithValue("ids", outside);
            await using var reader = await known.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                roots[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var expiry = ExpiryPolicy.Default(DateTimeZone.Utc);
        var rows = new List<SimulatorTransaction>(exported.Count);
        foreach (var line in exported)
        {
            var startsPayment = line.Type.StartsPayment();
            var root = startsPayment ? line.Id : roots.GetValueOrDefault(line.ReferencedId ?? string.Empty);
            if (root is null)
            {
                continue;
            }

            roots[line.Id] = root;
            var succeeded = ResultCodeClassifier.IsSuccessful(line.ResultCode);
            rows.Add(new SimulatorTransaction
            {
                Id = line.Id,
                PaymentId = root,
                EntityId = entityId,
                Type = line.Type,
                ReferencedId = startsPayment ? null : line.ReferencedId,
                Amount = line.Amount,
                ResultCode = line.ResultCode,
                ResultDescription = ResultCodes.Describe(line.ResultCode),
                Succeeded = succeeded,
                MerchantTransactionId = line.MerchantTransactionId,
                PaymentBrand = startsPayment ? line.Details.CardBrand : null,
                CardBin = startsPayment ? line.Details.CardBin : null,
                CardLast4 = startsPayment ? line.Details.CardLast4 : null,
                ExpiresAt = succeeded && line.Type == TransactionType.PreAuthorization ? expiry.ExpiryOf(line.ProcessedAt, line.Details).ExpiresAt : null,
                ProcessedAt = line.ProcessedAt,
            });
        }

        // One statement: a payment's root and its operations arrive together, and the foreign key is checked at its end.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO simulator.transactions (transaction_id, payment_id, entity_id, payment_type, referenced_id, currency, amount_minor,
                result_code, result_description, succeeded, merchant_transaction_id, payment_brand, card_bin, card_last4, expires_at, processed_at)
            SELECT * FROM unnest(@ids, @payments, @entities, @types, @referenced, @currencies, @amounts, @codes, @descriptions, @succeeded,
                @mtids, @brands, @bins, @last4s, @expires, @processed)
            ON CONFLICT (transaction_id) DO NOTHING
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("ids", rows.Select(row => row.Id).ToArray());
        insert.Parameters.AddWithValue("payments", rows.Select(row => row.PaymentId).ToArray());
        insert.Parameters.AddWithValue("entities", rows.Select(row => row.EntityId).ToArray());
        insert.Parameters.AddWithValue("types", rows.Select(row => row.Type.ToCode()).ToArray());
        insert.Parameters.AddWithValue("referenced", rows.Select(row => row.ReferencedId).ToArray());
        insert.Parameters.AddWithValue("currencies", rows.Select(row => row.Amount!.Value.Currency.Code).ToArray());
        insert.Parameters.AddWithValue("amounts", rows.Select(row => row.Amount!.Value.MinorUnits).ToArray());
        insert.Parameters.AddWithValue("codes", rows.Select(row => row.ResultCode).ToArray());
        insert.Parameters.AddWithValue("descriptions", rows.Select(row => row.ResultDescription).ToArray());
        insert.Parameters.AddWithValue("succeeded", rows.Select(row => row.Succeeded).ToArray());
        insert.Parameters.AddWithValue("mtids", rows.Select(row => row.MerchantTransactionId).ToArray());
        insert.Parameters.AddWithValue("brands", rows.Select(row => row.PaymentBrand).ToArray());
        insert.Parameters.AddWithValue("bins", rows.Select(row => row.CardBin).ToArray());
        insert.Parameters.AddWithValue("last4s", rows.Select(row => row.CardLast4).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(row => row.ExpiresAt).ToArray() });
        insert.Parameters.AddWithValue("processed", rows.Select(row => row.ProcessedAt).ToArray());
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SimulatorTransaction?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return First(await FindAsync(connection, null, "transaction_id = @id", id, cancellationToken));
    }

    /// <summary>The transaction and every other transaction of its payment, oldest first.</summary>
    public async Task<IReadOnlyList<SimulatorTransaction>> FindTreeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = First(await FindAsync(connection, null, "transaction_id = @id", id, cancellationToken));
        if (found is null)
        {
            return [];
        }

        return found.PaymentId is { } paymentId ? await FindAsync(connection, null, "payment_id = @id", paymentId, cancellationToken) : [found];
    }

    /// <summary>Every transaction of the payments that have a transaction processed on <paramref name="date"/> (UTC), oldest first.</summary>
    public async Task<IReadOnlyList<SimulatorTransaction>> PaymentsTouchedOnAsync(LocalDate date, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {Columns} FROM simulator.transactions
            WHERE payment_id IN (SELECT payment_id FROM simulator.transactions WHERE processed_at >= @from AND processed_at < @to AND payment_id IS NOT NULL)
            ORDER BY sequence
            """,
            connection);
        command.Parameters.AddWithValue("from", date.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
        command.Parameters.AddWithValue("to", date.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<SimulatorTransaction>> FindByMerchantTransactionIdAsync(string entityId, string merchantTransactionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM simulator.transactions WHERE entity_id = @entity AND merchant_transaction_id = @mtid ORDER BY sequence",
            connection);
        command.Parameters.AddWithValue("entity", entityId);
        command.Parameters.AddWithValue("mtid", merchantTransactionId);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<SimulatorTransaction>> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM simulator.transactions WHERE {where} ORDER BY sequence", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<SimulatorTransaction>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<SimulatorTransaction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var currency = Text(reader, 5) is { } code && Currency.TryFind(code, out var known) ? known : null;
            rows.Add(new SimulatorTransaction
            {
                Id = reader.GetString(0),
                PaymentId = Text(reader, 1),
                EntityId = reader.GetString(2),
                Type = TransactionTypeCode.Parse(reader.GetString(3)),
                ReferencedId = Text(reader, 4),
                Amount = currency is not null && !reader.IsDBNull(6) ? new Money(reader.GetInt64(6), currency) : null,
                ResultCode = reader.GetString(7),
                ResultDescription = reader.GetString(8),
                Succeeded = reader.GetBoolean(9),
                MerchantTransactionId = Text(reader, 10),
                Descriptor = Text(reader, 11),
                PaymentBrand = Text(reader, 12),
                CardBin = Text(reader, 13),
                CardLast4 = Text(reader, 14),
                CardHolder = Text(reader, 15),
                CardExpiryMonth = Text(reader, 16),
                CardExpiryYear = Text(reader, 17),
                ChargebackReasonCode = Text(reader, 18),
                ExpiresAt = reader.IsDBNull(19) ? null : reader.GetFieldValue<Instant>(19),
                ProcessedAt = reader.GetFieldValue<Instant>(20),
            });
        }

        return rows;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SimulatorTransaction row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO simulator.transactions ({Columns})
            VALUES (@id, @payment, @entity, @type, @referenced, @currency, @amount, @code, @description, @succeeded, @mtid,
                    @descriptor, @brand, @bin, @last4, @holder, @month, @year, @reason, @expires, @processed)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("payment", (object?)row.PaymentId ?? DBNull.Value);
        command.Parameters.AddWithValue("entity", row.EntityId);
        command.Parameters.AddWithValue("type", row.Type.ToCode());
        command.Parameters.AddWithValue("referenced", (object?)row.ReferencedId ?? DBNull.Value);
        command.Parameters.AddWithValue("currency", (object?)row.Amount?.Currency.Code ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", (object?)row.Amount?.MinorUnits ?? DBNull.Value);
        command.Parameters.AddWithValue("code", row.ResultCode);
        command.Parameters.AddWithValue("description", row.ResultDescription);
        command.Parameters.AddWithValue("succeeded", row.Succeeded);
        command.Parameters.AddWithValue("mtid", (object?)row.MerchantTransactionId ?? DBNull.Value);
        command.Parameters.AddWithValue("descriptor", (object?)row.Descriptor ?? DBNull.Value);
        command.Parameters.AddWithValue("brand", (object?)row.PaymentBrand ?? DBNull.Value);
        command.Parameters.AddWithValue("bin", (object?)row.CardBin ?? DBNull.Value);
        command.Parameters.AddWithValue("last4", (object?)row.CardLast4 ?? DBNull.Value);
        command.Parameters.AddWithValue("holder", (object?)row.CardHolder ?? DBNull.Value);
        command.Parameters.AddWithValue("month", (object?)row.CardExpiryMonth ?? DBNull.Value);
        command.Parameters.AddWithValue("year", (object?)row.CardExpiryYear ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", (object?)row.ChargebackReasonCode ?? DBNull.Value);
        command.Parameters.AddWithValue("expires", (object?)row.ExpiresAt ?? DBNull.Value);
        command.Parameters.AddWithValue("processed", row.ProcessedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SimulatorTransaction? First(IReadOnlyList<SimulatorTransaction> rows) => rows.Count > 0 ? rows[0] : null;

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
