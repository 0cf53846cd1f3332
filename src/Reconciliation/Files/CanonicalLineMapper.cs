using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Files.Fields;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Turns the current record of a <see cref="CsvReader"/> into a validated <see cref="CanonicalLine"/>
/// of one kind, or the first problem found on it. One instance per file, used from one thread.
/// </summary>
internal sealed class CanonicalLineMapper
{
    private static readonly string[] ReferenceColumns = ["payment_id", "merchant_transaction_id", "arn"];

    private readonly FileKind _kind;
    private readonly FrozenDictionary<string, int> _columns;
    private readonly int _maxFieldLength;
    private readonly string _fileBatch;

    // The column names asked for are the literals of this class: resolved once per file by reference instead of
    // hashed case-insensitively for every field of every line (-1: the file has no such column).
    private readonly Dictionary<string, int> _resolved = new(ReferenceEqualityComparer.Instance);
    private CsvReader _reader = null!;
    private long _line;
    private LineError? _error;
    private char[] _chars = new char[128];

    /// <remarks>
    /// <para><c>maxFieldLength</c>: The longest field read; a longer one is a line error naming its column.</para>
    /// <para><c>fileBatch</c>: The batch of a settlement line that names none (<see cref="FileIdentity.BatchId"/>).</para>
    /// </remarks>
    internal CanonicalLineMapper(FileKind kind, IReadOnlyList<string> header, int maxFieldLength = FileReadOptions.DefaultMaxFieldLength, string fileBatch = "file")
    {
        _kind = kind;
        _maxFieldLength = maxFieldLength;
        _fileBatch = fileBatch;
        ColumnCount = header.Count;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            // The first of two columns with the same name wins, as a reader of the file would expect.
            columns.TryAdd(header[i].Trim(), i);
        }

        _columns = columns.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    internal int ColumnCount { get; }

    internal Result<CanonicalLine, LineError> Map(CsvReader reader, long lineNumber)
    {
        _reader = reader;
        _line = lineNumber;
        _error = null;
        CanonicalLine line = _kind switch
        {
            FileKind.Transactions => Transaction(),
            FileKind.Settlement => Settlement(),
            FileKind.Chargebacks => Chargeback(),
            FileKind.FinalAmounts => FinalAmount(),
            _ => throw new InvalidOperationException($"no mapper for {_kind}"),
        };
        return _error is null ? line : _error;
    }

    private TransactionLine Transaction()
    {
        var paymentId = RequiredId("payment_id");
        var typeText = Required("payment_type");
        TransactionType? type = null;
        if (typeText is not null && !TransactionTypeCode.TryParse(typeText, out type))
        {
            Fail("payment_type", typeText, FieldMessages.NotOneOf("payment_type", typeText, ["PA", "DB", "CD", "CP", "RV", "RF", "RB", "CB", "CR"]));
        }

        var referencedId = Id("referenced_id");
        if (type is { } t && !t.StartsPayment() && referencedId is null)
        {
            Fail("referenced_id", null, $"referenced_id is required for a {t.ToCode()}: the payment_id it references");
        }

        var merchantTransactionId = Id("merchant_transaction_id");
        var amount = Amount("amount", "currency", required: true);
        var timestamp = Timestamp("timestamp");
        var resultCode = Required("result_code");
        var cardBrand = Text("card_brand");
        var cardBin = Text("card_bin");
        var cardLast4 = Last4();
        var arn = Id("arn");
        AuthorizationKind? authorizationKind = null;
        // A PA or a DB may be an estimate (a hotel stay, a taxi ride): its final amount closes it.
        if (type is TransactionType.PreAuthorization or TransactionType.Debit)
        {
            var kindText = Text("authorization_kind");
            if (AuthorizationKindCode.TryParse(kindText, out var kind))
            {
                authorizationKind = kind;
            }
            else
            {
                Fail("authorization_kind", kindText, FieldMessages.NotOneOf("authorization_kind", kindText ?? string.Empty, ["final", "pre", "estimated", "incremental"]));
            }
        }

        var mcc = Text("merchant_category_code");
        var initiatorText = Text("initiated_by");
        if (!InitiatorCode.TryParse(initiatorText, out var initiatedBy))
        {
            Fail("initiated_by", initiatorText, FieldMessages.NotOneOf("initiated_by", initiatorText ?? string.Empty, ["customer", "merchant"]));
        }

        return new TransactionLine(
            _line, paymentId ?? string.Empty, type ?? default, referencedId, merchantTransactionId, amount ?? default, timestamp,
            resultCode ?? string.Empty, cardBrand, cardBin, cardLast4, arn, authorizationKind, mcc, initiatedBy);
    }

    private SettlementLine Settlement()
    {
        var lineId = RequiredId("line_id");
        var date = Date("settlement_date", required: true);
        // A file without a batch column is one batch (docs/formats.md).
        var batchId = Id("batch_id") ?? _fileBatch;
        var recordType = Enum<SettlementRecordType>("record_type", SettlementRecordTypes);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (recordType is SettlementRecordType.Settled or SettlementRecordType.Refunded or SettlementRecordType.Chargeback or SettlementRecordType.ChargebackReversed
            && paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference(ReferenceColumns);
        }

        var gross = Amount("gross_amount", "transaction_currency", required: true);
        var settlementCurrency = CurrencyOf("settlement_currency");
        var rate = ExchangeRate("exchange_rate");
        var feeCurrency = settlementCurrency ?? gross?.Currency;
        var fee = feeCurrency is null ? null : Amount("fee_amount", feeCurrency);
        var net = feeCurrency is null ? null : Amount("net_amount", feeCurrency);
        var cardBrand = Text("card_brand");
        var cardLast4 = Last4();
        return new SettlementLine(
            _line, lineId ?? string.Empty, date ?? default, batchId, recordType ?? default,
            paymentId, merchantTransactionId, arn, gross ?? default, settlementCurrency, rate, fee, net, cardBrand, cardLast4);
    }

    private ChargebackEvent Chargeback()
    {
        var disputeId = RequiredId("dispute_id");
        var type = Enum<ChargebackEventType>("event", ChargebackEventTypes);
        var date = Date("event_date", required: true);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference(ReferenceColumns);
        }

        // A retrieval request moves no money, so it may come without an amount.
        var amount = Amount("amount", "currency", required: type is not ChargebackEventType.RetrievalRequest);
        var scheme = Text("scheme");
        var reasonCode = FieldReader.NormaliseReasonCode(scheme, Text("reason_code"));
        var reasonText = Text("reason_text");
        var replyBy = Date("reply_by", required: false);
        return new ChargebackEvent(
            _line, disputeId ?? string.Empty, type ?? default, date ?? default, paymentId, merchantTransactionId, arn,
            amount, scheme, reasonCode, reasonText, replyBy);
    }

    private FinalAmountLine FinalAmount()
    {
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        if (paymentId is null && merchantTransactionId is null)
        {
            FailNoReference(["payment_id", "merchant_transaction_id"]);
        }

        var amount = Amount("final_amount", "currency", required: true);
        var reference = Id("reference");
        return new FinalAmountLine(_line, paymentId, merchantTransactionId, amount ?? default, reference);
    }

    private static readonly FrozenDictionary<string, SettlementRecordType> SettlementRecordTypes = new Dictionary<string, SettlementRecordType>
    {
        ["SETTLED"] = SettlementRecordType.Settled,
        ["REFUNDED"] = SettlementRecordType.Refunded,
        ["CHARGEBACK"] = SettlementRecordType.Chargeback,
        ["CHARGEBACK_REVERSED"] = SettlementRecordType.ChargebackReversed,
        ["FEE"] = SettlementRecordType.Fee,
        ["PAYOUT"] = SettlementRecordType.Payout,
        ["ADJUSTMENT"] = SettlementRecordType.Adjustment,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, ChargebackEventType> ChargebackEventTypes = new Dictionary<string, ChargebackEventType>
    {
        ["RETRIEVAL_REQUEST"] = ChargebackEventType.RetrievalRequest,
        ["CHARGEBACK"] = ChargebackEventType.Chargeback,
        ["CHARGEBACK_REVERSAL"] = ChargebackEventType.ChargebackReversal,
        ["SECOND_CHARGEBACK"] = ChargebackEventType.SecondChargeback,
        ["ARBITRATION_WON"] = ChargebackEventType.ArbitrationWon,
        ["ARBITRATION_LOST"] = ChargebackEventType.ArbitrationLost,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private TEnum? Enum<TEnum>(string column, FrozenDictionary<string, TEnum> values)
        where TEnum : struct
    {
        var chars = Chars(column);
        if (chars.IsEmpty)
        {
            Fail(column, null, FieldMessages.Required(column));
            return null;
        }

        if (values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var value))
        {
            return value;
        }

        Fail(column, chars.ToString(), FieldMessages.NotOneOf(column, chars.ToString(), [.. values.Keys.Order(StringComparer.Ordinal)]));
        return null;
    }

    private Money? Amount(string amountColumn, string currencyColumn, bool required)
    {
        var currency = CurrencyOf(currencyColumn, required || !Chars(amountColumn).IsEmpty);
        return currency is null ? null : Amount(amountColumn, currency, required);
    }

    private Money? Amount(string column, Currency currency, bool required = false)
    {
        var chars = Chars(column);
        if (chars.IsEmpty)
        {
            if (required)
            {
                Fail(column, null, FieldMessages.Required(column));
            }

            return null;
        }

        if (FieldReader.TryCanonicalAmount(chars, currency, out var money, out var error))
        {
            return money;
        }

        Fail(column, chars.ToString(), error!);
        return null;
    }

    private Currency? CurrencyOf(string column, bool required = false)
    {
        var chars = Chars(column);
        if (chars.IsEmpty)
        {
            if (required)
            {
                Fail(column, null, FieldMessages.Required(column));
            }

            return null;
        }

        if (FieldReader.TryCurrency(chars, out var currency, out var error))
        {
            return currency;
        }

        Fail(column, chars.ToString(), error!);
        return null;
    }

    private decimal? ExchangeRate(string column)
    {
        var chars = Chars(column);
        if (chars.IsEmpty)
        {
            return null;
        }

        if (FieldReader.TryRate(chars, column, out var rate, out var error))
        {
            return rate;
        }

        Fail(column, chars.ToString(), error!);
        return null;
    }

    private Instant Timestamp(string column)
    {
        var text = Required(column);
        if (text is null)
        {
            return default;
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value.ToInstant();
        }

        Fail(column, text, FieldMessages.NotATimestamp(column, text));
        return default;
    }

    private LocalDate? Date(string column, bool required)
    {
        // The common case, a well-formed date, is read from the field's characters without a string; anything
        // else takes the full path below, which gives the same result and the same error.
        if (IsoDateFastPath.TryRead(Chars(column)) is { } date)
        {
            return date;
        }

        var text = required ? Required(column) : Text(column);
        if (text is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        Fail(column, text, FieldMessages.NotIsoDate(column, text));
        return null;
    }

    private string? RequiredId(string column)
    {
        var value = Required(column);
        return value is null ? null : CheckId(column, value);
    }

    private string? Id(string column)
    {
        var value = Text(column);
        return value is null ? null : CheckId(column, value);
    }

    private string CheckId(string column, string value)
    {
        if (FieldReader.IdentifierProblem(column, value) is { } problem)
        {
            Fail(column, value, problem);
        }

        return value;
    }

    private string? Last4()
    {
        var value = Text("card_last4");
        if (value is not null && FieldReader.Last4Problem("card_last4", value) is { } problem)
        {
            Fail("card_last4", value, problem);
        }

        return value;
    }

    private string? Required(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            Fail(column, null, FieldMessages.Required(column));
        }

        return value;
    }

    /// <summary>The trimmed, card-masked text of a column; null when the column is absent or the field blank.</summary>
    private string? Text(string column)
    {
        var index = IndexOf(column);
        if (index < 0 || index >= _reader.FieldCount || _reader.IsEmpty(index))
        {
            return null;
        }

        if (_reader.GetSpan(index).Length > _maxFieldLength && TooLong(column, index))
        {
            return null;
        }

        var value = _reader.GetString(index).Trim();
        if (value.Length == 0)
        {
            return null;
        }

        // CsvHelper decodes invalid UTF-8 past the first block as U+FFFD: the original bytes are lost.
        if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Fail(column, value, FieldMessages.NotUtf8(column));
        }

        return CardNumberMasker.Mask(value);
    }

    /// <summary>The trimmed field as characters, valid until the next call; empty when absent or blank. For values parsed, never kept.</summary>
    private ReadOnlySpan<char> Chars(string column)
    {
        var index = IndexOf(column);
        if (index < 0 || index >= _reader.FieldCount || _reader.IsEmpty(index))
        {
            return [];
        }

        var bytes = _reader.GetSpan(index);
        if (bytes.Length > _maxFieldLength && TooLong(column, index))
        {
            return [];
        }

        if (bytes.Length > _chars.Length)
        {
            _chars = new char[bytes.Length];
        }

        var written = _reader.GetChars(index, _chars);
        return _chars.AsSpan(0, written).Trim();
    }

    /// <summary>Whether the field holds more characters than the limit (its UTF-8 bytes are only an upper bound); fails the line if so.</summary>
    private bool TooLong(string column, int index)
    {
        if (_reader.GetString(index).Trim().Length <= _maxFieldLength)
        {
            return false;
        }

        Fail(column, null, FieldMessages.TooLong(column, _maxFieldLength));
        return true;
    }

    private int IndexOf(string column)
    {
        if (!_resolved.TryGetValue(column, out var index))
        {
            index = _columns.TryGetValue(column, out var found) ? found : -1;
            _resolved.Add(column, index);
        }

        return index;
    }

    private void FailNoReference(string[] columns) =>
        Fail(null, null, FieldMessages.NoReference(columns));

    private void Fail(string? column, string? value, string reason) =>
        _error ??= LineError.Of(_line, column, value, reason);
}
