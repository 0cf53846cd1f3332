using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.Intake;

/// <summary>
/// Moves a file's validated lines into the <c>acquirer</c> tables inside the caller's transaction: binary COPY
/// into a temporary table as the lines stream by (memory stays flat), then one set-based insert that skips
/// lines already known from another file (the same source and key), counting them as duplicates.
/// </summary>
public sealed class AcquirerLineStager : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly StagedTable _table;
    private readonly long _fileId;
    private readonly string _source;
    private NpgsqlBinaryImporter? _importer;
    private long _written;

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
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE {table.Incoming} (LIKE acquirer.{table.Name}) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var stager = new AcquirerLineStager(connection, transaction, table, fileId, source);
        stager._importer = await connection.BeginBinaryImportAsync($"COPY {table.Incoming} ({table.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
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

    private sealed record StagedTable(FileKind Kind, string Name, string Columns, string DedupeKey)
    {
        public string Incoming => "incoming_" + Name;

        public static StagedTable For(FileKind kind) => kind switch
        {
            FileKind.Settlement => new(kind, "settlement_lines",
                "file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id, merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency, exchange_rate, fee_minor, net_minor, card_brand, card_last4",
                "source, line_id"),
            FileKind.Chargebacks => new(kind, "dispute_events",
                "file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id, arn, amount_minor, currency, scheme, reason_code, reason_text, reply_by",
                "source, dispute_id, event, event_date"),
            FileKind.FinalAmounts => new(kind, "final_amounts",
                "file_id, line_number, source, payment_id, merchant_transaction_id, final_minor, currency, reference, dedupe_key",
                "source, dedupe_key"),
            FileKind.Transactions => new(kind, "transaction_lines",
                "file_id, line_number, source, payment_id, payment_type, referenced_id, merchant_transaction_id, amount_minor, currency, processed_at, result_code, card_brand, card_bin, card_last4, arn, authorization_kind, merchant_category_code, initiated_by",
                "source, payment_id"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
        };
    }
}
