using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Files.Fields;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Builds the canonical lines of one data row with one <see cref="LineMapping"/>: its type (or types), then each
/// line's fields through the shared field-reading core, so that a profiled line is checked exactly as a canonical
/// one. The first problem found on a line is its error. One instance per file, used from one thread.
/// </summary>
/// <remarks>
/// Errors name what the report calls the value (its column, or "the carried value 'currency'"). As in canonical files,
/// an identifier mangled into scientific notation by a spreadsheet rejects the line even when the line has other
/// references: a damaged report is told, and the line is kept in the error report.
/// </remarks>
internal sealed class ProfiledLineBuilder(FormatProfile profile, int maxFieldLength)
{
    private static readonly string[] ReferenceFields = ["payment_id", "merchant_transaction_id", "arn"];

    private readonly List<string> _rounded = [];
    private ProfileRow _row = null!;
    private LineMapping _mapping = null!;
    private LineError? _error;

    /// <summary>The lines of the row (none when its type is ignored), each a line or its error.</summary>
    /// <remarks>
    /// <para><c>suffix</c>: Whether each line's id ends with the entry's name (several entries of one row).</para>
    /// </remarks>
    public void Build(ProfileRow row, LineMapping mapping, bool suffix, List<Result<CanonicalLine, LineError>> output)
    {
        _row = row;
        _mapping = mapping;
        _error = null;
        var types = Types();
        if (_error is { } typeError)
        {
            output.Add(typeError);
            return;
        }

        foreach (var type in types)
        {
            _error = null;
            _rounded.Clear();
            row.ClearFields();
            var ownSuffix = types.Count > 1 && profile.FileKind == FileKind.Settlement ? type : suffix ? mapping.Name : null;
            CanonicalLine line = profile.FileKind switch
            {
                FileKind.Chargebacks => Chargeback(type),
                FileKind.Transactions => Transaction(type),
                _ => Settlement(type, ownSuffix),
            };
            output.Add(_error is null ? line : _error);
        }
    }

    private IReadOnlyList<string> Types()
    {
        var rule = _mapping.Type;
        if (rule.Fixed is { } fixedTypes)
        {
            return fixedTypes;
        }

        var text = rule.Source!.Evaluate(_row);
        if (text is null)
        {
            if (!rule.BlankIgnored)
            {
                Fail(rule.Source.Describe(), null, $"{rule.Source.Describe()} is empty; it is the line's type (set type.blank to ignore such rows)");
            }

            return [];
        }

        if (rule.Map.TryGetValue(text, out var targets))
        {
            return targets;
        }

        if (!rule.Ignore.Contains(text) && !rule.UnmappedIgnored)
        {
            Fail(rule.Source.Describe(), text, $"{rule.Source.Describe()} '{LineError.Echo(text)}' is not a type this profile ({profile.Name}) knows: {string.Join(", ", rule.Map.Keys.Order(StringComparer.Ordinal))}");
        }

        return [];
    }

    private SettlementLine Settlement(string type, string? suffix)
    {
        var date = Date("settlement_date", required: true);
        _row.SetField("settlement_date", date is { } d ? LocalDatePattern.Iso.Format(d) : null);
        var lineId = Key();
        if (lineId is not null && suffix is not null)
        {
            lineId = $"{lineId}|{suffix}";
        }

        var batchId = Id("batch_id", required: true);
        var recordType = SettlementRecordTypeOf(type);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (recordType is SettlementRecordType.Settled or SettlementRecordType.Refunded or SettlementRecordType.Chargeback or SettlementRecordType.ChargebackReversed
            && paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference();
        }

        var direction = NaturalDirection(recordType);
        var gross = SettlementAmount("gross", required: true, direction, type);
        var net = SettlementAmount("net", required: false, direction, type);
        var fee = SettlementAmount("fee", required: false, direction, type);
        var settlementCurrency = CurrencyOf("settlement_currency") ?? (net is { } n && gross is { } g && n.Currency != g.Currency ? n.Currency : null);
        var rate = Rate();
        return new SettlementLine(
            _row.LineNumber, lineId ?? string.Empty, date ?? default, batchId ?? string.Empty, recordType,
            paymentId, merchantTransactionId, arn, gross ?? default, settlementCurrency, rate, fee, net,
            Text("card_brand"), Last4())
        {
            Rounding = Rounding(),
        };
    }

    private ChargebackEvent Chargeback(string type)
    {
        var date = Date("event_date", required: true);
        _row.SetField("event_date", date is { } d ? LocalDatePattern.Iso.Format(d) : null);
        var disputeId = Key();
        var eventType = ChargebackEventTypeOf(type);
        var paymentId = Id("payment_id");
        var merchantTransactionId = Id("merchant_transaction_id");
        var arn = Id("arn");
        if (paymentId is null && merchantTransactionId is null && arn is null)
        {
            FailNoReference();
        }

        var amount = MagnitudeAmount("amount", required: eventType is not ChargebackEventType.RetrievalRequest);
        var scheme = Text("scheme");
        var reasonCode = FieldReader.NormaliseReasonCode(scheme, Text("reason_code"));
        return new ChargebackEvent(
            _row.LineNumber, disputeId ?? string.Empty, eventType, date ?? default, paymentId, merchantTransactionId, arn,
            amount, scheme, reasonCode, Text("reason_text"), Date("reply_by", required: false))
        {
            Rounding = Rounding(),
        };
    }

    private TransactionLine Transaction(string type)
    {
        var timestamp = Instant("timestamp");
        var paymentId = Key();
        var transactionType = TransactionTypeCode.Parse(type);
        var referencedId = Id("referenced_id");
        if (!transactionType.StartsPayment() && referencedId is null)
        {
            var column = _mapping.Fields.TryGetValue("referenced_id", out var value) ? value.Describe() : "referenced_id";
            Fail(column, null, $"{column} is empty; a {type} references the payment it operates on (referenced_id)");
        }

        var merchantTransactionId = Id("merchant_transaction_id");
        var amount = MagnitudeAmount("amount", required: true);
        var resultCode = Text("result_code");
        if (resultCode is null)
        {
            var column = _mapping.Fields.TryGetValue("result_code", out var value) ? value.Describe() : "result_code";
            Fail(column, null, $"{FieldMessages.Required(column, "result_code")}: the gateway's result code (map a status to one, such as 000.000.000 for success)");
        }

        AuthorizationKind? authorizationKind = null;
        if (transactionType is TransactionType.PreAuthorization or TransactionType.Debit)
        {
            var kindText = Text("authorization_kind");
            if (AuthorizationKindCode.TryParse(kindText, out var kind))
            {
                authorizationKind = kind;
            }
            else
            {
                Fail(Describe("authorization_kind"), kindText, FieldMessages.NotOneOf(Describe("authorization_kind"), kindText ?? string.Empty, ["final", "pre", "estimated", "incremental"]));
            }
        }

        var initiatorText = Text("initiated_by");
        if (!InitiatorCode.TryParse(initiatorText, out var initiatedBy))
        {
            Fail(Describe("initiated_by"), initiatorText, FieldMessages.NotOneOf(Describe("initiated_by"), initiatorText ?? string.Empty, ["customer", "merchant"]));
        }

        return new TransactionLine(
            _row.LineNumber, paymentId ?? string.Empty, transactionType, referencedId, merchantTransactionId, amount ?? default, timestamp ?? default,
            resultCode ?? string.Empty, Text("card_brand"), Text("card_bin"), Last4(), Id("arn"), authorizationKind, Text("merchant_category_code"), initiatedBy)
        {
            Rounding = Rounding(),
        };
    }

    /// <summary>Why a required value is blank; for a carried value, that no row above set it (the rows a carry rule looks for are missing or misplaced).</summary>
    private static string Missing(ProfileValue source, string field) =>
        source is ProfileValue.Carried carried
            ? $"no row above this one set the carried value '{carried.Name}' (a carry rule of the profile sets it from the rows it finds); it is required ({field})"
            : FieldMessages.Required(source.Describe(), field);

    private string Describe(string field) => _mapping.Fields.TryGetValue(field, out var value) ? value.Describe() : field;

    private static SettlementRecordType SettlementRecordTypeOf(string type) => type switch
    {
        "SETTLED" => SettlementRecordType.Settled,
        "REFUNDED" => SettlementRecordType.Refunded,
        "CHARGEBACK" => SettlementRecordType.Chargeback,
        "CHARGEBACK_REVERSED" => SettlementRecordType.ChargebackReversed,
        "FEE" => SettlementRecordType.Fee,
        "PAYOUT" => SettlementRecordType.Payout,
        _ => SettlementRecordType.Adjustment,
    };

    private static ChargebackEventType ChargebackEventTypeOf(string type) => type switch
    {
        "RETRIEVAL_REQUEST" => ChargebackEventType.RetrievalRequest,
        "CHARGEBACK_REVERSAL" => ChargebackEventType.ChargebackReversal,
        "SECOND_CHARGEBACK" => ChargebackEventType.SecondChargeback,
        "ARBITRATION_WON" => ChargebackEventType.ArbitrationWon,
        "ARBITRATION_LOST" => ChargebackEventType.ArbitrationLost,
        _ => ChargebackEventType.Chargeback,
    };

    /// <summary>+1 when the record type moves money to the merchant, −1 when it takes money away (a payout leaves the balance).</summary>
    private static int NaturalDirection(SettlementRecordType type) => type switch
    {
        SettlementRecordType.Settled or SettlementRecordType.ChargebackReversed or SettlementRecordType.Adjustment => 1,
        _ => -1,
    };

    /// <summary>The line's id: its id field, or the key values joined (a blank part stays empty, so positions still tell the parts apart).</summary>
    private string? Key()
    {
        var field = ProfileVocabularyOf().KeyField;
        if (_mapping.Fields.ContainsKey(field))
        {
            return Id(field, required: true);
        }

        var parts = new string[_mapping.LineKey.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = _mapping.LineKey[i];
            var value = Read(part);
            if (value is not null && FieldReader.IdentifierProblem(part.Describe(), value) is { } problem)
            {
                Fail(part.Describe(), value, problem);
            }

            parts[i] = value is null ? string.Empty : CardNumberMasker.Mask(value);
        }

        if (parts.All(string.IsNullOrEmpty))
        {
            Fail(null, null, $"the line key ({string.Join(", ", _mapping.LineKey.Select(part => part.Describe()))}) is empty");
            return null;
        }

        return string.Join('|', parts);
    }

    private ProfileVocabulary ProfileVocabularyOf() => profile.FileKind switch
    {
        FileKind.Chargebacks => ProfileVocabulary.Chargebacks,
        FileKind.Transactions => ProfileVocabulary.Transactions,
        _ => ProfileVocabulary.Settlement,
    };

    private string? Id(string field, bool required = false)
    {
        if (!_mapping.Fields.TryGetValue(field, out var source))
        {
            return null;
        }

        var value = Read(source);
        if (value is null)
        {
            if (required)
            {
                Fail(source.Describe(), null, Missing(source, field));
            }

            return null;
        }

        if (FieldReader.IdentifierProblem(source.Describe(), value) is { } problem)
        {
            Fail(source.Describe(), value, problem);
        }

        var masked = CardNumberMasker.Mask(value);
        _row.SetField(field, masked);
        return masked;
    }

    private string? Text(string field)
    {
        if (!_mapping.Fields.TryGetValue(field, out var source))
        {
            return null;
        }

        var value = Read(source);
        if (value is null)
        {
            return null;
        }

        if (_mapping.Values.TryGetValue(field, out var map) && map.TryGetValue(value, out var mapped))
        {
            value = mapped;
        }

        var masked = CardNumberMasker.Mask(value);
        _row.SetField(field, masked);
        return masked;
    }

    private string? Last4()
    {
        var value = Text("card_last4");
        if (value is not null && FieldReader.Last4Problem(Describe("card_last4"), value) is { } problem)
        {
            Fail(Describe("card_last4"), value, problem);
        }

        return value;
    }

    /// <summary>A value's text, checked for length and encoding; null when blank.</summary>
    private string? Read(ProfileValue source)
    {
        var value = source.Evaluate(_row);
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxFieldLength)
        {
            Fail(source.Describe(), null, FieldMessages.TooLong(source.Describe(), maxFieldLength));
            return null;
        }

        // CsvHelper decodes invalid UTF-8 past the first block as U+FFFD: the original bytes are lost.
        if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Fail(source.Describe(), value, FieldMessages.NotUtf8(source.Describe()));
        }

        return value;
    }

    private LocalDate? Date(string name, bool required)
    {
        if (!_mapping.Dates.TryGetValue(name, out var rule))
        {
            return null;
        }

        var text = Read(rule.Value);
        if (text is null)
        {
            if (required)
            {
                Fail(rule.Value.Describe(), null, Missing(rule.Value, name));
            }

            return null;
        }

        foreach (var reader in rule.Readers)
        {
            if (reader.TryRead(text, rule.Zone, out var value))
            {
                return value;
            }
        }

        Fail(rule.Value.Describe(), text, FieldMessages.NotADate(rule.Value.Describe(), text, rule.Formats));
        return null;
    }

    private Instant? Instant(string name)
    {
        var rule = _mapping.Dates[name];
        var text = Read(rule.Value);
        if (text is null)
        {
            Fail(rule.Value.Describe(), null, Missing(rule.Value, name));
            return null;
        }

        foreach (var reader in rule.Readers)
        {
            if (reader.TryReadInstant(text, rule.Zone, out var value))
            {
                return value;
            }
        }

        Fail(rule.Value.Describe(), text, FieldMessages.NotATimestamp(rule.Value.Describe(), text, rule.Formats));
        return null;
    }

    /// <summary>
    /// A settlement amount in the line's canonical form: the gross positive in the direction of its record type (a FEE
    /// or ADJUSTMENT of the other sign negative: a credit), the net in the same direction, the fee what was withheld
    /// (negative when the acquirer gave a fee back), so that net = gross × rate − fee holds as the acquirer wrote it.
    /// </summary>
    private Money? SettlementAmount(string name, bool required, int direction, string type)
    {
        if (!_mapping.Amounts.TryGetValue(name, out var rule))
        {
            return null;
        }

        var read = Signed(name, rule, required);
        if (read is not { } amount)
        {
            return null;
        }

        var (value, effective) = amount;
        if (effective.Direction == AmountDirection.Magnitude)
        {
            return new Money(Math.Abs(value.MinorUnits), value.Currency);
        }

        // Report space: positive is money to the merchant.
        var credit = effective.Direction == AmountDirection.Credit ? value.MinorUnits : -value.MinorUnits;
        var canonical = name == "fee" ? -credit * direction : credit * direction;
        if (name == "gross" && canonical < 0 && type is "SETTLED" or "REFUNDED" or "CHARGEBACK" or "CHARGEBACK_REVERSED")
        {
            var described = effective.Describe();
            Fail(described, new Money(value.MinorUnits, value.Currency).ToString(), string.Create(
                CultureInfo.InvariantCulture,
                $"{described} moves money {(credit > 0 ? "to" : "from")} the merchant, but a {type} line moves it {(direction > 0 ? "to" : "from")} the merchant: map this row to another type"));
            return null;
        }

        return new Money(canonical, value.Currency);
    }

    private Money? MagnitudeAmount(string name, bool required)
    {
        if (!_mapping.Amounts.TryGetValue(name, out var rule))
        {
            return null;
        }

        return Signed(name, rule, required) is { } amount ? new Money(Math.Abs(amount.Value.MinorUnits), amount.Value.Currency) : null;
    }

    /// <summary>The amount as written, with its sign in the rule's own convention, and the rule that read it (the fallback's when this one was blank).</summary>
    private (Money Value, ProfileAmount Rule)? Signed(string name, ProfileAmount rule, bool required)
    {
        var parts = new List<(ProfileValue Source, string Text, int Sign)>();
        if (rule.Debit is not null)
        {
            if (Read(rule.Debit) is { } debit)
            {
                parts.Add((rule.Debit, debit, -1));
            }

            if (Read(rule.Credit!) is { } credit)
            {
                parts.Add((rule.Credit!, credit, 1));
            }
        }
        else
        {
            foreach (var part in rule.Parts)
            {
                if (Read(part) is { } text)
                {
                    parts.Add((part, text, 1));
                }
            }
        }

        if (parts.Count == 0)
        {
            if (rule.Fallback is { } fallback)
            {
                return Signed(fallback, _mapping.Amounts[fallback], required);
            }

            if (required)
            {
                Fail(rule.Describe(), null, FieldMessages.Required(rule.Describe(), name));
            }

            return null;
        }

        var currencyText = Read(rule.Currency);
        if (currencyText is null)
        {
            Fail(rule.Currency.Describe(), null, rule.Currency is ProfileValue.Carried ? Missing(rule.Currency, $"the currency of {rule.Describe()}") : FieldMessages.RequiredFor(rule.Currency.Describe(), rule.Describe()));
            return null;
        }

        if (!FieldReader.TryCurrency(currencyText, out var currency, out var currencyError))
        {
            Fail(rule.Currency.Describe(), currencyText, currencyError!);
            return null;
        }

        long total = 0;
        foreach (var (source, text, sign) in parts)
        {
            if (!FieldReader.TryAmount(text, currency, rule.Format, out var amount, out var error))
            {
                Fail(source.Describe(), text, error!);
                return null;
            }

            if (amount.RoundedFrom is { } written)
            {
                _rounded.Add($"{source.Describe()} {written} → {new Money(amount.MinorUnits, currency)} ({RoundingName(rule.Format.Rounding)})");
            }

            total = checked(total + (sign * amount.MinorUnits));
        }

        if (rule.DirectionFlag is { } flagSource)
        {
            var flag = Read(flagSource);
            if (flag is not null && rule.DebitFlags.Contains(flag, StringComparer.OrdinalIgnoreCase))
            {
                total = -Math.Abs(total);
            }
            else if (flag is not null && rule.CreditFlags.Contains(flag, StringComparer.OrdinalIgnoreCase))
            {
                total = Math.Abs(total);
            }
            else
            {
                Fail(flagSource.Describe(), flag, FieldMessages.NotADirection(flagSource.Describe(), flag, rule.DebitFlags, rule.CreditFlags));
                return null;
            }
        }

        return (new Money(total, currency), rule);
    }

    private static string RoundingName(AmountRounding rounding) => rounding switch
    {
        AmountRounding.HalfEven => "rounded half-even",
        AmountRounding.HalfUp => "rounded half-up",
        _ => "rounded down",
    };

    private string? Rounding() => _rounded.Count == 0 ? null : string.Join("; ", _rounded);

    private Currency? CurrencyOf(string field)
    {
        var text = Text(field);
        if (text is null)
        {
            return null;
        }

        if (FieldReader.TryCurrency(text, out var currency, out var error))
        {
            return currency;
        }

        Fail(Describe(field), text, error!);
        return null;
    }

    private decimal? Rate()
    {
        var text = Text("exchange_rate");
        if (text is null)
        {
            return null;
        }

        if (FieldReader.TryRate(text, Describe("exchange_rate"), out var rate, out var error))
        {
            return rate;
        }

        Fail(Describe("exchange_rate"), text, error!);
        return null;
    }

    private void FailNoReference()
    {
        var columns = ReferenceFields
            .Where(_mapping.Fields.ContainsKey)
            .Select(field => $"{_mapping.Fields[field].Describe()} ({field})")
            .ToList();
        Fail(null, null, columns.Count == 0 ? "a line needs a reference, and this profile maps none of payment_id, merchant_transaction_id, arn" : FieldMessages.NoReference(columns));
    }

    private void Fail(string? column, string? value, string reason) =>
        _error ??= LineError.Of(_row.LineNumber, column, value, reason);
}
