using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.Intake;

/// <summary>
/// Moves a file's validated lines into the <c>acquirer</c> tables inside the caller's transaction, as they stream
/// by (memory stays flat), and counts the lines already known (the same source and key, from another file or
/// earlier in the same one) as duplicates, storing them once.
/// </summary>
/// <remarks>
/// <para>
/// Settlement, chargeback and transaction lines are written once: binary COPY straight into their table, with
/// the table's dedupe key deferred for this transaction (migration 0018). Then one statement removes the file's
/// lines that repeat a known one, and the key is checked. A line of a concurrent file that commits first is
/// found by that check (it waits for the other transaction): its repeats are removed the same way and the key
/// checked again. Whatever still breaks the key fails the commit, never stores a line twice.
/// </para>
/// <para>
/// Final amounts go through a temporary table and one <c>INSERT … ON CONFLICT DO NOTHING</c>: their key is also
/// an <c>ON CONFLICT</c> arbiter elsewhere, which a deferrable key cannot be.
/// </para>
/// </remarks>
public sealed class AcquirerLineStager : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly StagedTable _table;
    private readonly long _fileId;
    private readonly string _source;
    private NpgsqlBinaryImporter? _importer;
    private long _written;

    // Each check after the second follows a concurrent file's commit of the same keys; past this the error stands.
    private const int MaxKeyChecks = 5;

    private AcquirerLineStager(NpgsqlConnection connection, NpgsqlTransaction transaction, StagedTable table, long fileId, string source)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _fileId = fileId;
        _source = source;
    }

    public static async Task<AcquirerLineStager> BeginAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, FileKind kind, long fileId, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var table = StagedTable.For(kind);
        var prepare = table.DeferrableKey is { } key
            ? $"SET CONSTRAINTS acquirer.{key} DEFERRED"
            : $"CREATE TEMP TABLE {table.Incoming} (LIKE acquirer.{table.Name}) ON COMMIT DROP";
        await using (var command = new NpgsqlCommand(prepare, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var stager = new AcquirerLineStager(connection, transaction, table, fileId, source);
        stager._importer = await connection.BeginBinaryImportAsync($"COPY {table.CopyTarget} ({table.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        return stager;
    }

    /// <summary>Adds one validated line of the file's kind.</summary>
    public async ValueTask WriteAsync(CanonicalLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var importer = _importer ?? throw new InvalidOperationException("The stager is complete.");
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(_fileId, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(line.LineNumber, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(_source, NpgsqlDbType.Text, cancellationToken);
        switch (line)
        {
            case SettlementLine settlement when _table.Kind == FileKind.Settlement:
                await WriteSettlementAsync(importer, settlement, cancellationToken);
                break;
            case ChargebackEvent dispute when _table.Kind == FileKind.Chargebacks:
                await WriteDisputeAsync(importer, dispute, cancellationToken);
                break;
            case FinalAmountLine final when _table.Kind == FileKind.FinalAmounts:
                await WriteFinalAmountAsync(importer, final, cancellationToken);
                break;
            case TransactionLine transaction when _table.Kind == FileKind.Transactions:
                await WriteTransactionAsync(importer, transaction, cancellationToken);
                break;
            default:
                throw new ArgumentException($"A {line.GetType().Name} does not belong in a {_table.Kind} file.", nameof(line));
        }

        _written++;
    }

    /// <summary>Ends the COPY and stores the new lines; returns how many were stored and how many were already known.</summary>
    public async Task<StagedCounts> CompleteAsync(CancellationToken cancellationToken)
    {
        var importer = _importer ?? throw new InvalidOperationException("The stager is complete.");
        await importer.CompleteAsync(cancellationToken);
        await importer.DisposeAsync();
        _importer = null;

        if (_table.DeferrableKey is { } key)
        {
            var repeated = await RemoveRepeatedLinesAsync(key, cancellationToken);
            return new StagedCounts(_written - repeated, repeated);
        }

        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO acquirer.{_table.Name} ({_table.Columns})
            SELECT {_table.Columns} FROM {_table.Incoming}
            ON CONFLICT ({_table.DedupeKey}) DO NOTHING
            """,
            _connection,
            _transaction);
        var stored = await insert.ExecuteNonQueryAsync(cancellationToken);
        return new StagedCounts(stored, _written - stored);
    }

    /// <summary>
    /// Checks the deferred key; where it is broken, removes the file's lines whose key is already taken (by
    /// another file's line, or an earlier line of this file: the first one stays) and checks again. A file
    /// without repeats pays only the check, which has nothing to recheck: the key's index found no conflict
    /// when the lines were copied in.
    /// </summary>
    private async Task<long> RemoveRepeatedLinesAsync(string key, CancellationToken cancellationToken)
    {
        const string savepoint = "dedupe_key_check";
        long removed = 0;
        for (var attempt = 1; ; attempt++)
        {
            await _transaction.SaveAsync(savepoint, cancellationToken);
            try
            {
                await ExecuteAsync($"SET CONSTRAINTS acquirer.{key} IMMEDIATE", cancellationToken);
                await _transaction.ReleaseAsync(savepoint, cancellationToken);
                return removed;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && attempt < MaxKeyChecks)
            {
                // The rollback defers the key again; a further round follows only a concurrent file's commit of the same keys.
                await _transaction.RollbackAsync(savepoint, cancellationToken);
            }

            removed += await ExecuteAsync(
                $"""
                DELETE FROM acquirer.{_table.Name} n
                USING acquirer.{_table.Name} o
                WHERE n.file_id = @file
                  AND {string.Join(" AND ", _table.DedupeKey.Split(", ").Select(column => $"o.{column} = n.{column}"))}
                  AND (o.file_id <> n.file_id OR o.line_number < n.line_number)
                """,
                cancellationToken);
        }
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddWithValue("file", _fileId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_importer is not null)
        {
            // Not completed: the COPY is cancelled and the caller's transaction must roll back.
            await _importer.DisposeAsync();
            _importer = null;
        }
    }

    private static async Task WriteSettlementAsync(NpgsqlBinaryImporter importer, SettlementLine line, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(line.LineId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(line.SettlementDate, NpgsqlDbType.Date, cancellationToken);
        await importer.WriteAsync(line.BatchId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(RecordTypeCode(line.RecordType), NpgsqlDbType.Text, cancellationToken);
        await WriteTextAsync(importer, line.PaymentId, cancellationToken);
        await WriteTextAsync(importer, line.MerchantTransactionId, cancellationToken);
        await WriteTextAsync(importer, line.Arn, cancellationToken);
        await importer.WriteAsync(line.Gross.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(line.Gross.Currency.Code, NpgsqlDbType.Char, cancellationToken);
        await WriteTextAsync(importer, line.SettlementCurrency?.Code, cancellationToken, NpgsqlDbType.Char);
        if (line.ExchangeRate is { } rate)
        {
            await importer.WriteAsync(rate, NpgsqlDbType.Numeric, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }

        await WriteMinorAsync(importer, line.Fee?.MinorUnits, cancellationToken);
        await WriteMinorAsync(importer, line.Net?.MinorUnits, cancellationToken);
        await WriteTextAsync(importer, line.CardBrand, cancellationToken);
        await WriteTextAsync(importer, line.CardLast4, cancellationToken);
    }

    private static async Task WriteDisputeAsync(NpgsqlBinaryImporter importer, ChargebackEvent line, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(line.DisputeId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(EventCode(line.Event), NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(line.EventDate, NpgsqlDbType.Date, cancellationToken);
        await WriteTextAsync(importer, line.PaymentId, cancellationToken);
        await WriteTextAsync(importer, line.MerchantTransactionId, cancellationToken);
        await WriteTextAsync(importer, line.Arn, cancellationToken);
        await WriteMinorAsync(importer, line.Amount?.MinorUnits, cancellationToken);
        await WriteTextAsync(importer, line.Amount?.Currency.Code, cancellationToken, NpgsqlDbType.Char);
        await WriteTextAsync(importer, line.Scheme, cancellationToken);
        await WriteTextAsync(importer, line.ReasonCode, cancellationToken);
        await WriteTextAsync(importer, line.ReasonText, cancellationToken);
        if (line.ReplyBy is { } replyBy)
        {
            await importer.WriteAsync(replyBy, NpgsqlDbType.Date, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task WriteFinalAmountAsync(NpgsqlBinaryImporter importer, FinalAmountLine line, CancellationToken cancellationToken)
    {
        await WriteTextAsync(importer, line.PaymentId, cancellationToken);
        await WriteTextAsync(importer, line.MerchantTransactionId, cancellationToken);
        await importer.WriteAsync(line.FinalAmount.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(line.FinalAmount.Currency.Code, NpgsqlDbType.Char, cancellationToken);
        await WriteTextAsync(importer, line.Reference, cancellationToken);

        // A payment closes once: its final amount is keyed by the payment, whichever id the line gives.
        await importer.WriteAsync(line.PaymentId is { } paymentId ? "payment:" + paymentId : "merchant:" + line.MerchantTransactionId, NpgsqlDbType.Text, cancellationToken);
    }

    private static async Task WriteTransactionAsync(NpgsqlBinaryImporter importer, TransactionLine line, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(line.PaymentId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(line.Type.ToCode(), NpgsqlDbType.Text, cancellationToken);
        await WriteTextAsync(importer, line.ReferencedId, cancellationToken);
        await WriteTextAsync(importer, line.MerchantTransactionId, cancellationToken);
        await importer.WriteAsync(line.Amount.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(line.Amount.Currency.Code, NpgsqlDbType.Char, cancellationToken);
        await importer.WriteAsync(line.Timestamp, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(line.ResultCode, NpgsqlDbType.Text, cancellationToken);
        await WriteTextAsync(importer, line.CardBrand, cancellationToken);
        await WriteTextAsync(importer, line.CardBin, cancellationToken);
        await WriteTextAsync(importer, line.CardLast4, cancellationToken);
        await WriteTextAsync(importer, line.Arn, cancellationToken);
        await WriteTextAsync(importer, line.AuthorizationKind?.ToCode(), cancellationToken);
        await WriteTextAsync(importer, line.MerchantCategoryCode, cancellationToken);
        await importer.WriteAsync(line.InitiatedBy.ToCode(), NpgsqlDbType.Text, cancellationToken);
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken, NpgsqlDbType type = NpgsqlDbType.Text)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static async Task WriteMinorAsync(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken)
    {
        if (value is { } minor)
        {
            await importer.WriteAsync(minor, NpgsqlDbType.Bigint, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    internal static string RecordTypeCode(SettlementRecordType type) => type switch
    {
        SettlementRecordType.Settled => "SETTLED",
        SettlementRecordType.Refunded => "REFUNDED",
        SettlementRecordType.Chargeback => "CHARGEBACK",
        SettlementRecordType.ChargebackReversed => "CHARGEBACK_REVERSED",
        SettlementRecordType.Fee => "FEE",
        SettlementRecordType.Payout => "PAYOUT",
        SettlementRecordType.Adjustment => "ADJUSTMENT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown settlement record type."),
    };

    internal static string EventCode(ChargebackEventType type) => type switch
    {
        ChargebackEventType.RetrievalRequest => "RETRIEVAL_REQUEST",
        ChargebackEventType.Chargeback => "CHARGEBACK",
        ChargebackEventType.ChargebackReversal => "CHARGEBACK_REVERSAL",
        ChargebackEventType.SecondChargeback => "SECOND_CHARGEBACK",
        ChargebackEventType.ArbitrationWon => "ARBITRATION_WON",
        ChargebackEventType.ArbitrationLost => "ARBITRATION_LOST",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown chargeback event."),
    };

    // DeferrableKey: the dedupe key's constraint when it is deferrable (lines are copied straight in); null for the temporary-table path.
    private sealed record StagedTable(FileKind Kind, string Name, string Columns, string DedupeKey, string? DeferrableKey = null)
    {
        public string Incoming => "incoming_" + Name;

        public string CopyTarget => DeferrableKey is null ? Incoming : "acquirer." + Name;

        public static StagedTable For(FileKind kind) => kind switch
        {
            FileKind.Settlement => new(kind, "settlement_lines",
                "file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id, merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency, exchange_rate, fee_minor, net_minor, card_brand, card_last4",
                "source, line_id",
                "settlement_lines_source_line_id_key"),
            FileKind.Chargebacks => new(kind, "dispute_events",
                "file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id, arn, amount_minor, currency, scheme, reason_code, reason_text, reply_by",
                "source, dispute_id, event, event_date",
                "dispute_events_source_dispute_id_event_event_date_key"),
            FileKind.FinalAmounts => new(kind, "final_amounts",
                "file_id, line_number, source, payment_id, merchant_transaction_id, final_minor, currency, reference, dedupe_key",
                "source, dedupe_key"),
            FileKind.Transactions => new(kind, "transaction_lines",
                "file_id, line_number, source, payment_id, payment_type, referenced_id, merchant_transaction_id, amount_minor, currency, processed_at, result_code, card_brand, card_bin, card_last4, arn, authorization_kind, merchant_category_code, initiated_by",
                "source, payment_id",
                "transaction_lines_source_payment_id_key"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
        };
    }
}
