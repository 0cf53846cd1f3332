using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Turns one row of a report into the canonical line its profile describes, the first problem found on
/// it, or nothing when the row is not a data line (an ignored type or record). One instance per file.
/// </summary>
/// <remarks>
/// Errors name the report's own column (the person fixing the file knows those names). As in canonical
/// files, an identifier mangled into scientific notation by a spreadsheet rejects the line even when the
/// line has other references: a damaged report is told, and the line is kept in the error report.
/// </remarks>
internal sealed class ProfiledLineMapper
{
    private const string KeySeparator = "|";

    private static readonly string[] ReferenceFields = ["payment_id", "merchant_transaction_id", "arn"];

    private static readonly string[] KeyFields = ["line_id", "dispute_id", "batch_id"];

    private readonly FormatProfile _profile;
    private readonly FrozenDictionary<string, int> _columns;
    private readonly FrozenDictionary<string, string> _types;
    private readonly FrozenSet<string> _ignoredTypes;
    private readonly FrozenSet<string>? _keptRecords;
    private readonly Dictionary<string, (ProfileDate Rule, ProfileDateReader[] Readers, DateTimeZone Zone)> _dates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FrozenDictionary<string, string>> _values = new(StringComparer.Ordinal);
    private CsvReader _reader = null!;
    private long _line;
    private LineError? _error;

    internal ProfiledLineMapper(FormatProfile profile, IReadOnlyList<string> header)
    {
        _profile = profile;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i].Trim(), i);
        }

        _columns = columns.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _types = profile.Type.Map.ToFrozenDictionary(pair => pair.Key.Trim(), pair => pair.Value.ToUpperInvariant(), StringComparer.OrdinalIgnoreCase);
        _ignoredTypes = profile.Type.Ignore.Select(value => value.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _keptRecords = profile.Records?.Keep.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, rule) in profile.Dates)
        {
            var zone = rule.Zone is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[rule.Zone];
            _dates[name] = (rule, rule.Formats.Select(ProfileDateReader.Create).ToArray(), zone);
        }

        foreach (var (field, map) in profile.Values)
        {
            _values[field] = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        MissingColumns = RequiredColumns().Where(column => !_columns.ContainsKey(column.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>Columns the profile needs on every line that the header lacks: the file cannot be read with this profile.</summary>
    internal IReadOnlyList<string> MissingColumns { get; }

    /// <summary>Whether the current row is a trailer: its first cell starts with one of the profile's trailer prefixes.</summary>
    internal bool IsTrailer(CsvReader reader) =>
        _profile.TrailerPrefixes.Count > 0 && reader.FieldCount > 0
        && _profile.TrailerPrefixes.Any(prefix => reader.GetString(0).TrimStart('\uFEFF').Trim().StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The line, its error, or null when the row is not a data line.</summary>
    internal Result<CanonicalLine, LineError>? Map(CsvReader reader, long lineNumber)
    {
        _reader = reader;
        _line = lineNumber;
        _error = null;
        if (_keptRecords is not null && !_keptRecords.Contains(Raw(_profile.Records!.Column) ?? string.Empty))
        {
            return null;
        }

        var typeText = Raw(_profile.Type.Column);
        string? type = null;
        if (typeText is null)
        {
            Fail(_profile.Type.Column, null, $"{_profile.Type.Column} is empty; it is required");
        }
        else if (!_types.TryGetValue(typeText, out type))
        {
            if (_ignoredTypes.Contains(typeText) || _profile.Type.Unmapped == "ignore")
            {
                return null;
            }

            Fail(_profile.Type.Column, typeText, $"{_profile.Type.Column} '{LineError.Echo(typeText)}' is not a type this profile ({_profile.Name}) knows: {string.Join(", ", _types.Keys.Order(StringComparer.Ordinal))}");
        }

        CanonicalLine line = _profile.FileKind == FileKind.Chargebacks ? Chargeback(type) : Settlement(type);
        return _error is null ? line : _error;
    }

    private IEnumerable<string> RequiredColumns()
    {
        yield return _profile.Type.Column;
        if (_profile.Records is { } records)
        {
            yield return records.Column;
        }

        foreach (var column in _profile.LineKey)
        {
            yield return column;
        }

        foreach (var field in KeyFields)
        {
            if (_profile.Columns.TryGetValue(field, out var column))
            {
                yield return column;
            }
        }

        foreach (var rule in _profile.Dates.Where(pair => pair.Key is "settlement_date" or "event_date").Select(pair => pair.Value))
        {
            yield return rule.Column;
        }

        foreach (var amount in _profile.Amounts.Where(pair => pair.Key is "gross" or "amount").Select(pair => pair.Value))
        {
            yield return amount.Currency;
        }
    }

    private SettlementLine Settlement(string? type)
    {
        var lineId = Key("line_id");
        var date = Date("settlement_date", required: true);
        var batchId = Id("batch_id", required: true);
        var recordType = type is null ? (SettlementRecordType?)null : ParseSettlementType(type);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (recordType is SettlementRecordType.Settled or SettlementRecordType.Refunded or SettlementRecordType.Chargeback or SettlementRecordType.ChargebackReversed
            && paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference();
        }

        var gross = Amount("gross", required: true);
        var net = Amount("net", required: false);
        var fee = Amount("fee", required: false);
        var settlementCurrency = CurrencyOf("settlement_currency") ?? (net is { } n && gross is { } g && n.Currency != g.Currency ? n.Currency : null);
        var rate = ExchangeRate();
        return new SettlementLine(
            _line, lineId ?? string.Empty, date ?? default, batchId ?? string.Empty, recordType ?? default,
            paymentId, merchantTransactionId, arn, gross ?? default, settlementCurrency, rate, fee, net,
            Text("card_brand"), Text("card_last4"));
    }

    private ChargebackEvent Chargeback(string? type)
    {
        var disputeId = Key("dispute_id");
        var eventType = type is null ? (ChargebackEventType?)null : ParseEvent(type);
        var date = Date("event_date", required: true);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference();
        }

        var amount = Amount("amount", required: eventType is not ChargebackEventType.RetrievalRequest);
        var scheme = Text("scheme");
        var reasonCode = CanonicalLineMapper.NormaliseReasonCode(scheme, Text("reason_code"));
        return new ChargebackEvent(
            _line, disputeId ?? string.Empty, eventType ?? default, date ?? default, paymentId, merchantTransactionId, arn,
            amount, scheme, reasonCode, Text("reason_text"), Date("reply_by", required: false));
    }

    private static SettlementRecordType ParseSettlementType(string type) => type switch
    {
        "SETTLED" => SettlementRecordType.Settled,
        "REFUNDED" => SettlementRecordType.Refunded,
        "CHARGEBACK" => SettlementRecordType.Chargeback,
        "CHARGEBACK_REVERSED" => SettlementRecordType.ChargebackReversed,
        "FEE" => SettlementRecordType.Fee,
        "PAYOUT" => SettlementRecordType.Payout,
        _ => SettlementRecordType.Adjustment,
    };

    private static ChargebackEventType ParseEvent(string type) => type switch
    {
        "RETRIEVAL_REQUEST" => ChargebackEventType.RetrievalRequest,
        "CHARGEBACK_REVERSAL" => ChargebackEventType.ChargebackReversal,
        "SECOND_CHARGEBACK" => ChargebackEventType.SecondChargeback,
        "ARBITRATION_WON" => ChargebackEventType.ArbitrationWon,
        "ARBITRATION_LOST" => ChargebackEventType.ArbitrationLost,
        _ => ChargebackEventType.Chargeback,
    };

    /// <summary>The line's id: its id column, or the key columns joined (a blank part stays empty, so the positions still tell the parts apart).</summary>
    private string? Key(string field)
    {
        if (_profile.Columns.ContainsKey(field))
        {
            return Id(field, required: true);
        }

        var parts = new string[_profile.LineKey.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var column = _profile.LineKey[i];
            var value = Raw(column);
            if (value is not null && CanonicalLineMapper.IsScientificNotation(value))
            {
                FailMangled(column, value);
            }

            parts[i] = value is null ? string.Empty : CardNumberMasker.Mask(value);
        }

        if (parts.All(string.IsNullOrEmpty))
        {
            Fail(null, null, $"the line key ({string.Join(", ", _profile.LineKey)}) is empty");
            return null;
        }

        return string.Join(KeySeparator, parts);
    }

    private string? Id(string field, bool required = false)
    {
        if (!_profile.Columns.TryGetValue(field, out var column))
        {
            return null;
        }

        var value = Raw(column);
        if (value is null)
        {
            if (required)
            {
                Fail(column, null, $"{column} is empty; it is required ({field})");
            }

            return null;
        }

        if (CanonicalLineMapper.IsScientificNotation(value))
        {
            FailMangled(column, value);
        }

        return CardNumberMasker.Mask(value);
    }

    private string? Text(string field)
    {
        if (!_profile.Columns.TryGetValue(field, out var column))
        {
            return null;
        }

        var value = Raw(column);
        if (value is null)
        {
            return null;
        }

        if (_values.TryGetValue(field, out var map) && map.TryGetValue(value, out var mapped))
        {
            return mapped;
        }

        return CardNumberMasker.Mask(value);
    }

    private LocalDate? Date(string name, bool required)
    {
        if (!_dates.TryGetValue(name, out var date))
        {
            return null;
        }

        var text = Raw(date.Rule.Column);
        if (text is null)
        {
            if (required)
            {
                Fail(date.Rule.Column, null, $"{date.Rule.Column} is empty; it is required ({name})");
            }

            return null;
        }

        foreach (var reader in date.Readers)
        {
            if (reader.TryRead(text, date.Zone, out var value))
            {
                return value;
            }
        }

        Fail(date.Rule.Column, text, $"{date.Rule.Column} '{LineError.Echo(text)}' is not a date as {string.Join(" or ", date.Rule.Formats)}");
        return null;
    }

    private Money? Amount(string name, bool required)
    {
        if (!_profile.Amounts.TryGetValue(name, out var rule))
        {
            return null;
        }

        var (column, text) = AmountText(rule);
        if (text is null && rule.Fallback is { } fallback)
        {
            return Amount(fallback, required);
        }

        if (text is null)
        {
            if (required)
            {
                Fail(column, null, $"{column} is empty; it is required ({name})");
            }

            return null;
        }

        var currencyText = Raw(rule.Currency);
        if (currencyText is null)
        {
            Fail(rule.Currency, null, $"{rule.Currency} is empty; it is required for {column}");
            return null;
        }

        if (!Currency.TryFind(currencyText, out var currency))
        {
            Fail(rule.Currency, currencyText, $"unknown currency '{LineError.Echo(currencyText)}'");
            return null;
        }

        if (rule.DirectionColumn is { } directionColumn)
        {
            var flag = Raw(directionColumn);
            if (flag is null || !(rule.DebitValues.Contains(flag, StringComparer.OrdinalIgnoreCase) || rule.CreditValues.Contains(flag, StringComparer.OrdinalIgnoreCase)))
            {
                Fail(directionColumn, flag, $"{directionColumn} '{LineError.Echo(flag)}' is not a debit ({string.Join(", ", rule.DebitValues)}) or credit ({string.Join(", ", rule.CreditValues)}) flag");
                return null;
            }
        }

        long total = 0;
        foreach (var (partColumn, partText) in text)
        {
            var parsed = ParseAmount(partText, currency, rule.MinorUnits);
            if (!parsed.TryGetValue(out var money, out var error))
            {
                Fail(partColumn, partText, error);
                return null;
            }

            total = checked(total + money.MinorUnits);
        }

        return new Money(Math.Abs(total), currency);
    }

    /// <summary>The filled columns of an amount with their text; null when all are blank.</summary>
    private (string Column, List<(string Column, string Text)>? Parts) AmountText(ProfileAmount rule)
    {
        if (rule.Column is { } column)
        {
            var value = Raw(column);
            return (column, value is null ? null : [(column, value)]);
        }

        if (rule.Debit is { } debit)
        {
            var debitText = Raw(debit);
            var creditText = Raw(rule.Credit!);
            var parts = new List<(string, string)>();
            if (debitText is not null)
            {
                parts.Add((debit, debitText));
            }

            if (creditText is not null)
            {
                parts.Add((rule.Credit!, creditText));
            }

            return (debit, parts.Count == 0 ? null : parts);
        }

        var sum = rule.Sum.Select(part => (Column: part, Text: Raw(part))).Where(part => part.Text is not null).Select(part => (part.Column, part.Text!)).ToList();
        return (rule.Sum[0], sum.Count == 0 ? null : sum);
    }

    /// <summary>
    /// A signed amount in major units (or minor units when so declared). Acquirers pad decimals ("1.50000000")
    /// and drop the leading zero (".11"): zeros beyond the currency's decimals are exact and dropped; any other
    /// extra decimal is an error, never rounded.
    /// </summary>
    private static Result<Money, string> ParseAmount(string text, Currency currency, bool minorUnits)
    {
        var value = text.Trim();
        if (minorUnits)
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minor)
                ? new Money(minor, currency)
                : $"amount '{LineError.Echo(value)}' is not a whole number of minor units";
        }

        if (value.StartsWith('+'))
        {
            value = value[1..];
        }

        if (value.StartsWith('.'))
        {
            value = "0" + value;
        }
        else if (value.StartsWith("-.", StringComparison.Ordinal))
        {
            value = "-0" + value[1..];
        }

        var point = value.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            var end = value.Length;
            while (end - point - 1 > currency.Exponent && value[end - 1] == '0')
            {
                end--;
            }

            value = value[..end].TrimEnd('.');
        }

        var parsed = Money.Parse(value, currency, AmountSign.Signed);
        return parsed.TryGetValue(out var money, out var error) ? money : error.Message;
    }

    private Currency? CurrencyOf(string field)
    {
        var text = Text(field);
        if (text is null)
        {
            return null;
        }

        if (Currency.TryFind(text, out var currency))
        {
            return currency;
        }

        Fail(_profile.Columns[field], text, $"unknown currency '{LineError.Echo(text)}'");
        return null;
    }

    private decimal? ExchangeRate()
    {
        var text = Text("exchange_rate");
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate > 0)
        {
            return rate;
        }

        Fail(_profile.Columns["exchange_rate"], text, $"{_profile.Columns["exchange_rate"]} '{LineError.Echo(text)}' is not a positive decimal number such as 1.0834");
        return null;
    }

    /// <summary>The trimmed text of a report column; null when the column is absent or the field blank.</summary>
    private string? Raw(string column)
    {
        if (!_columns.TryGetValue(column.Trim(), out var index) || index >= _reader.FieldCount)
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
            Fail(column, value, $"{column} is not valid UTF-8 text");
        }

        return value;
    }

    private void FailMangled(string column, string value) =>
        Fail(column, value, $"{column} '{LineError.Echo(value)}' was mangled into scientific notation by a spreadsheet; identifiers must be kept as text");

    private void FailNoReference()
    {
        var columns = ReferenceFields
            .Where(_profile.Columns.ContainsKey)
            .Select(field => $"{_profile.Columns[field]} ({field})");
        Fail(null, null, $"a line needs at least one of {string.Join(", ", columns)}");
    }

    private void Fail(string? column, string? value, string reason) =>
        _error ??= LineError.Of(_line, column, value, reason);
}
