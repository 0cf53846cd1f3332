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
/// the table's dedupe key deferred for this transaction (migration 0018). Then the key is checked; only when it
/// finds repeats does one statement remove the file's lines that repeat a known one (the first stays), and the
/// key is checked again. A line of a concurrent file is found by that check, which waits for the other
/// transaction: if it commits, the repeats are removed the same way. Whatever still breaks the key fails the
/// commit; a line is never stored twice.
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
    /// <remarks>
    /// Synchronous: a line is about 18 field writes into Npgsql's buffer, which almost never has to wait, so an
    /// await per field is pure overhead on a million-line file. A write blocks only when the buffer is full and
    /// the server has not yet taken the previous one: time the COPY needs anyway.
    /// </remarks>
    public void Write(CanonicalLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var importer = _importer ?? throw new InvalidOperationException("The stager is complete.");
        importer.StartRow();
        importer.Write(_fileId, NpgsqlDbType.Bigint);
        importer.Write(line.StoredNumber, NpgsqlDbType.Bigint);
        importer.Write(_source, NpgsqlDbType.Text);
        switch (line)
        {
            case SettlementLine settlement when _table.Kind == FileKind.Settlement:
                WriteSettlement(importer, settlement);
                break;
            case ChargebackEvent dispute when _table.Kind == FileKind.Chargebacks:
                WriteDispute(importer, dispute);
                break;
            case FinalAmountLine final when _table.Kind == FileKind.FinalAmounts:
                WriteFinalAmount(importer, final);
                break;
            case TransactionLine transaction when _table.Kind == FileKind.Transactions:
                WriteTransaction(importer, transaction);
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
                await using var check = new NpgsqlCommand($"SET CONSTRAINTS acquirer.{key} IMMEDIATE", _connection, _transaction);
                await check.ExecuteNonQueryAsync(cancellationToken);
                await _transaction.ReleaseAsync(savepoint, cancellationToken);
                return removed;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && attempt < MaxKeyChecks)
            {
                // Repeats: the rollback defers the key again and they are removed below. A third round follows
                // only a concurrent file's commit of the same keys after that removal looked.
                await _transaction.RollbackAsync(savepoint, cancellationToken);
            }

            await using var remove = new NpgsqlCommand(
                $"""
                DELETE FROM acquirer.{_table.Name} n
                USING acquirer.{_table.Name} o
                WHERE n.file_id = @file
                  AND {string.Join(" AND ", _table.DedupeKey.Split(", ").Select(column => $"o.{column} = n.{column}"))}
                  AND (o.file_id <> n.file_id OR o.line_number < n.line_number)
                """,
                _connection,
                _transaction);
            remove.Parameters.AddWithValue("file", _fileId);
            removed += await remove.ExecuteNonQueryAsync(cancellationToken);
        }
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

    private static void WriteSettlement(NpgsqlBinaryImporter importer, SettlementLine line)
    {
        importer.Write(line.LineId, NpgsqlDbType.Text);
        importer.Write(line.SettlementDate, NpgsqlDbType.Date);
        importer.Write(line.BatchId, NpgsqlDbType.Text);
        importer.Write(line.RecordType.ToCode(), NpgsqlDbType.Text);
        WriteText(importer, line.PaymentId);
        WriteText(importer, line.MerchantTransactionId);
        WriteText(importer, line.Arn);
        importer.Write(line.Gross.MinorUnits, NpgsqlDbType.Bigint);
        importer.Write(line.Gross.Currency.Code, NpgsqlDbType.Char);
        WriteText(importer, line.SettlementCurrency?.Code, NpgsqlDbType.Char);
        if (line.ExchangeRate is { } rate)
        {
            importer.Write(rate, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.WriteNull();
        }

        WriteMinor(importer, line.Fee?.MinorUnits);
        WriteMinor(importer, line.Net?.MinorUnits);
        WriteText(importer, line.CardBrand);
        WriteText(importer, line.CardLast4);
        WriteText(importer, line.Rounding);
    }

    private static void WriteDispute(NpgsqlBinaryImporter importer, ChargebackEvent line)
    {
        importer.Write(line.DisputeId, NpgsqlDbType.Text);
        importer.Write(line.Event.ToCode(), NpgsqlDbType.Text);
        importer.Write(line.EventDate, NpgsqlDbType.Date);
        WriteText(importer, line.PaymentId);
        WriteText(importer, line.MerchantTransactionId);
        WriteText(importer, line.Arn);
        WriteMinor(importer, line.Amount?.MinorUnits);
        WriteText(importer, line.Amount?.Currency.Code, NpgsqlDbType.Char);
        WriteText(importer, line.Scheme);
        WriteText(importer, line.ReasonCode);
        WriteText(importer, line.ReasonText);
        if (line.ReplyBy is { } replyBy)
        {
            importer.Write(replyBy, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }

        WriteText(importer, line.Rounding);
    }

    private static void WriteFinalAmount(NpgsqlBinaryImporter importer, FinalAmountLine line)
    {
        WriteText(importer, line.PaymentId);
        WriteText(importer, line.MerchantTransactionId);
        importer.Write(line.FinalAmount.MinorUnits, NpgsqlDbType.Bigint);
        importer.Write(line.FinalAmount.Currency.Code, NpgsqlDbType.Char);
        WriteText(importer, line.Reference);

        // A payment closes once: its final amount is keyed by the payment, whichever id the line gives.
        importer.Write(line.PaymentId is { } paymentId ? "payment:" + paymentId : "merchant:" + line.MerchantTransactionId, NpgsqlDbType.Text);
    }

    private static void WriteTransaction(NpgsqlBinaryImporter importer, TransactionLine line)
    {
        importer.Write(line.PaymentId, NpgsqlDbType.Text);
        importer.Write(line.Type.ToCode(), NpgsqlDbType.Text);
        WriteText(importer, line.ReferencedId);
        WriteText(importer, line.MerchantTransactionId);
        importer.Write(line.Amount.MinorUnits, NpgsqlDbType.Bigint);
        importer.Write(line.Amount.Currency.Code, NpgsqlDbType.Char);
        importer.Write(line.Timestamp, NpgsqlDbType.TimestampTz);
        importer.Write(line.ResultCode, NpgsqlDbType.Text);
        WriteText(importer, line.CardBrand);
        WriteText(importer, line.CardBin);
        WriteText(importer, line.CardLast4);
        WriteText(importer, line.Arn);
        WriteText(importer, line.AuthorizationKind?.ToCode());
        WriteText(importer, line.MerchantCategoryCode);
        importer.Write(line.InitiatedBy.ToCode(), NpgsqlDbType.Text);
        WriteText(importer, line.Rounding);
    }

    private static void WriteText(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type = NpgsqlDbType.Text)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }

    private static void WriteMinor(NpgsqlBinaryImporter importer, long? value)
    {
        if (value is { } minor)
        {
            importer.Write(minor, NpgsqlDbType.Bigint);
        }
        else
        {
            importer.WriteNull();
        }
    }

    // DeferrableKey: the dedupe key's constraint when it is deferrable (lines are copied straight in); null for the temporary-table path.
    private sealed record StagedTable(FileKind Kind, string Name, string Columns, string DedupeKey, string? DeferrableKey = null)
    {
        public string Incoming => "incoming_" + Name;

        public string CopyTarget => DeferrableKey is null ? Incoming : "acquirer." + Name;

        public static StagedTable For(FileKind kind) => kind switch
        {
            FileKind.Settlement => new(kind, "settlement_lines",
                "file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id, merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency, exchange_rate, fee_minor, net_minor, card_brand, card_last4, rounding",
                // The business date is part of a line's identity (migration 0055): the key of the partitioned table.
                "source, line_id, settlement_date",
                "settlement_lines_source_line_id_key"),
            FileKind.Chargebacks => new(kind, "dispute_events",
                "file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id, arn, amount_minor, currency, scheme, reason_code, reason_text, reply_by, rounding",
                "source, dispute_id, event, event_date",
                "dispute_events_source_dispute_id_event_event_date_key"),
            FileKind.FinalAmounts => new(kind, "final_amounts",
                "file_id, line_number, source, payment_id, merchant_transaction_id, final_minor, currency, reference, dedupe_key",
                "source, dedupe_key"),
            FileKind.Transactions => new(kind, "transaction_lines",
                "file_id, line_number, source, payment_id, payment_type, referenced_id, merchant_transaction_id, amount_minor, currency, processed_at, result_code, card_brand, card_bin, card_last4, arn, authorization_kind, merchant_category_code, initiated_by, rounding",
                "source, payment_id",
                "transaction_lines_source_payment_id_key"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
        };
    }
}
