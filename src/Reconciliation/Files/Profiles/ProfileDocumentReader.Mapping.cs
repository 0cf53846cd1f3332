using System.Collections.Frozen;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <content>The mapping of a data row to canonical lines: type, fields, key, amounts, dates, value maps, and its merging.</content>
internal sealed partial class ProfileDocumentReader
{
    private static readonly string[] MappingKeys = ["type", "columns", "lineKey", "amounts", "dates", "values", "lines", "records"];

    private static readonly string[] AmountKeys =
        ["column", "value", "debit", "credit", "sum", "currency", "scale", "minorUnits", "rounding", "sign", "directionColumn", "debitValues", "creditValues", "fallback"];

    /// <summary>The parts of a mapping one object sets; what it leaves null comes from the object around it.</summary>
    private sealed record MappingParts(
        ProfileTypeRule? Type,
        IReadOnlyDictionary<string, ProfileValue>? Fields,
        IReadOnlyList<ProfileValue>? LineKey,
        IReadOnlyDictionary<string, ProfileAmount>? Amounts,
        IReadOnlyDictionary<string, ProfileDate>? Dates,
        IReadOnlyDictionary<string, FrozenDictionary<string, string>>? Values,
        RowCondition? Records,
        JsonElement? Lines,
        string Path)
    {
        public static MappingParts None(string path) => new(null, null, null, null, null, null, null, null, path);

        /// <summary>This object's parts over <paramref name="outer"/>'s: maps merge key by key, this one's entries winning.</summary>
        public MappingParts Over(MappingParts outer) => new(
            Type ?? outer.Type,
            MergeMaps(outer.Fields, Fields),
            LineKey ?? outer.LineKey,
            MergeMaps(outer.Amounts, Amounts),
            MergeMaps(outer.Dates, Dates),
            MergeMaps(outer.Values, Values),
            Records ?? outer.Records,
            Lines ?? outer.Lines,
            Path);

        private static IReadOnlyDictionary<string, T>? MergeMaps<T>(IReadOnlyDictionary<string, T>? outer, IReadOnlyDictionary<string, T>? inner)
        {
            if (outer is null || inner is null)
            {
                return inner ?? outer;
            }

            var merged = new Dictionary<string, T>(outer, StringComparer.Ordinal);
            foreach (var (key, value) in inner)
            {
                merged[key] = value;
            }

            return merged;
        }
    }

    private MappingParts Mapping(JsonElement element, string path, bool allowLines)
    {
        var type = ProfileJson.TryGet(element, "type", out var typeElement) ? Type(typeElement, ProfileJson.Child(path, "type")) : null;
        var fields = ProfileJson.TryGet(element, "columns", out var columnsElement) ? Fields(columnsElement, ProfileJson.Child(path, "columns")) : null;
        var lineKey = ProfileJson.TryGet(element, "lineKey", out var keyElement) ? Values(keyElement, ProfileJson.Child(path, "lineKey")) : null;
        var amounts = ProfileJson.TryGet(element, "amounts", out var amountsElement) ? Amounts(amountsElement, ProfileJson.Child(path, "amounts")) : null;
        var dates = ProfileJson.TryGet(element, "dates", out var datesElement) ? Dates(datesElement, ProfileJson.Child(path, "dates")) : null;
        var values = ProfileJson.TryGet(element, "values", out var valuesElement) ? ValueMaps(valuesElement, ProfileJson.Child(path, "values")) : null;
        var records = ProfileJson.TryGet(element, "records", out var recordsElement) ? Records(recordsElement, ProfileJson.Child(path, "records")) : null;
        JsonElement? lines = null;
        if (ProfileJson.TryGet(element, "lines", out var linesElement))
        {
            if (!allowLines)
            {
                _json.Fail(ProfileJson.Child(path, "lines"), "a line entry cannot hold lines of its own");
            }
            else if (linesElement.ValueKind != JsonValueKind.Array || linesElement.GetArrayLength() == 0)
            {
                _json.Fail(ProfileJson.Child(path, "lines"), $"expected a list of line entries such as {{ \"name\": \"fee\", \"type\": \"FEE\", … }}, found {ProfileJson.Summarise(linesElement)}");
            }
            else
            {
                lines = linesElement;
            }
        }

        return new MappingParts(type, fields, lineKey, amounts, dates, values, records, lines, path);
    }

    /// <summary>The line mappings of a section: one per entry of <c>lines</c>, or the section's own mapping.</summary>
    private List<LineMapping> LineMappings(MappingParts section)
    {
        if (section.Lines is not { } lines)
        {
            return Build(section, name: null, when: null, ownsKey: false) is { } single ? [single] : [];
        }

        var mappings = new List<LineMapping>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var linesPath = lines.ValueKind == JsonValueKind.Array ? ProfileJson.Child(section.Path, "lines") : section.Path;
        var index = 0;
        foreach (var entry in lines.EnumerateArray())
        {
            var path = ProfileJson.Item(linesPath, index++);
            if (!_json.IsObject(entry, path, "a line entry such as { \"name\": \"fee\", \"type\": \"FEE\", \"amounts\": { … } }"))
            {
                continue;
            }

            _json.CheckKeys(entry, path, ["name", "when", .. MappingKeys.Where(key => key is not ("lines" or "records"))]);
            var name = _json.RequiredText(entry, "name", path, "a name for the entry (it tells its lines apart: line ids end with |name)");
            if (name is not null && !names.Add(name))
            {
                _json.Fail(ProfileJson.Child(path, "name"), $"'{name}' is the name of another entry");
            }

            var when = ProfileJson.TryGet(entry, "when", out var whenElement) ? Condition(whenElement, ProfileJson.Child(path, "when")) : null;
            var own = Mapping(entry, path, allowLines: false);
            var ownsKey = own.LineKey is not null || (own.Fields?.ContainsKey(_vocabulary!.KeyField) ?? false);
            if (Build(own.Over(section), name, when, ownsKey) is { } mapping)
            {
                mappings.Add(mapping);
            }
        }

        return mappings;
    }

    private LineMapping? Build(MappingParts parts, string? name, RowCondition? when, bool ownsKey)
    {
        var vocabulary = _vocabulary!;
        var path = parts.Path;
        var ok = true;
        if (parts.Type is null)
        {
            _json.Fail(ProfileJson.Child(path, "type"), "required: the type of each row, as a column and a map (type: { column, map }) or fixed (type: \"SETTLED\")");
            ok = false;
        }

        var fields = new Dictionary<string, ProfileValue>(parts.Fields ?? new Dictionary<string, ProfileValue>(), StringComparer.Ordinal);
        var lineKey = parts.LineKey ?? [];
        if (!fields.ContainsKey(vocabulary.KeyField) && lineKey.Count == 0)
        {
            _json.Fail(
                ProfileJson.Child(path, "columns"),
                $"required: columns.{vocabulary.KeyField}, or lineKey (the values that identify a line in every delivery of the report)");
            ok = false;
        }

        if (vocabulary.Kind == FileKind.Settlement)
        {
            // A report without a batch column: the file is the batch (docs/profiles.md, "Batches").
            fields.TryAdd("batch_id", new ProfileValue.FileValue(Batch: true));
        }

        var amounts = parts.Amounts ?? new Dictionary<string, ProfileAmount>();
        if (!amounts.ContainsKey(vocabulary.RequiredAmount))
        {
            _json.Fail(ProfileJson.Child(ProfileJson.Child(path, "amounts"), vocabulary.RequiredAmount), "required: where the amount is and its currency");
            ok = false;
        }

        foreach (var (amountName, amount) in amounts)
        {
            if (amount.Fallback is { } fallback && (fallback == amountName || !amounts.ContainsKey(fallback)))
            {
                _json.Fail(ProfileJson.Child(ProfileJson.Child(ProfileJson.Child(path, "amounts"), amountName), "fallback"), $"'{fallback}' is not another amount of this line ({string.Join(", ", amounts.Keys.Where(key => key != amountName))})");
                ok = false;
            }
        }

        var dates = parts.Dates ?? new Dictionary<string, ProfileDate>();
        if (!dates.ContainsKey(vocabulary.RequiredDate))
        {
            _json.Fail(ProfileJson.Child(ProfileJson.Child(path, "dates"), vocabulary.RequiredDate), "required: the column and its formats");
            ok = false;
        }

        return ok
            ? new LineMapping(name, when, parts.Type!, fields, lineKey, amounts, dates, parts.Values ?? new Dictionary<string, FrozenDictionary<string, string>>(), ownsKey)
            : null;
    }

    private ProfileTypeRule? Type(JsonElement element, string path)
    {
        var types = _vocabulary!.Types;
        if (element.ValueKind is JsonValueKind.String or JsonValueKind.Array)
        {
            var fixedTypes = TypeTargets(element, path);
            return fixedTypes is null ? null : new ProfileTypeRule(null, fixedTypes, FrozenDictionary<string, string[]>.Empty, FrozenSet<string>.Empty, false, false);
        }

        if (!_json.IsObject(element, path, $"a fixed type such as \"{types[0]}\", or an object {{ column, map, ignore, unmapped, blank }}"))
        {
            return null;
        }

        _json.CheckKeys(element, path, ["column", "value", "map", "ignore", "unmapped", "blank"]);
        var source = ValueOf(element, path, "the column (or value) that gives the row's type");
        var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (!ProfileJson.TryGet(element, "map", out var mapElement))
        {
            _json.Fail(ProfileJson.Child(path, "map"), $"required: the report's values and the canonical type of each ({string.Join(", ", types)})");
        }
        else if (_json.IsObject(mapElement, ProfileJson.Child(path, "map"), "an object of report value → canonical type"))
        {
            foreach (var property in mapElement.EnumerateObject())
            {
                if (TypeTargets(property.Value, ProfileJson.Child(ProfileJson.Child(path, "map"), property.Name)) is { } targets)
                {
                    map[property.Name.Trim()] = targets;
                }
            }
        }

        var ignore = ProfileJson.TryGet(element, "ignore", out var ignoreElement) ? _json.Texts(ignoreElement, ProfileJson.Child(path, "ignore"), allowNumbers: true) ?? [] : [];
        var unmapped = Choice(element, "unmapped", path, ["report", "ignore"], "report");
        var blank = Choice(element, "blank", path, ["report", "ignore"], "report");
        return source is null
            ? null
            : new ProfileTypeRule(
                source,
                null,
                map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
                ignore.Select(value => value.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase),
                unmapped == "ignore",
                blank == "ignore");
    }

    private string[]? TypeTargets(JsonElement element, string path)
    {
        var types = _vocabulary!.Types;
        var texts = _json.Texts(element, path);
        if (texts is null)
        {
            return null;
        }

        if (texts.Count == 0)
        {
            _json.Fail(path, "expected at least one type");
            return null;
        }

        var targets = new List<string>();
        foreach (var text in texts)
        {
            var canonical = types.FirstOrDefault(type => string.Equals(type, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
            {
                _json.Fail(path, $"'{text}' is not one of {string.Join(", ", types)} (the {KindName} types)");
                return null;
            }

            targets.Add(canonical);
        }

        return [.. targets];
    }

    private string Choice(JsonElement element, string key, string path, string[] allowed, string fallback)
    {
        if (!ProfileJson.TryGet(element, key, out var value))
        {
            return fallback;
        }

        var text = _json.Text(value, ProfileJson.Child(path, key));
        if (text is not null && allowed.Contains(text))
        {
            return text;
        }

        if (text is not null)
        {
            _json.Fail(ProfileJson.Child(path, key), $"'{text}' is not one of {string.Join(", ", allowed)}");
        }

        return fallback;
    }

    /// <summary>The value of <c>column</c> or <c>value</c> (exactly one) of an object.</summary>
    private ProfileValue? ValueOf(JsonElement element, string path, string what)
    {
        var hasColumn = ProfileJson.TryGet(element, "column", out var column);
        var hasValue = ProfileJson.TryGet(element, "value", out var value);
        if (hasColumn == hasValue)
        {
            _json.Fail(path, hasColumn ? "column and value say the same thing: give one of them" : $"required: column (or value): {what}");
            return null;
        }

        return hasColumn ? Value(column, ProfileJson.Child(path, "column")) : Value(value, ProfileJson.Child(path, "value"));
    }

    private Dictionary<string, ProfileValue>? Fields(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object of canonical field → column (or value)"))
        {
            return null;
        }

        var fields = new Dictionary<string, ProfileValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = ProfileJson.Child(path, property.Name);
            if (!_vocabulary!.Fields.Contains(property.Name))
            {
                _json.Fail(fieldPath, $"not a field of a {KindName} line; one of {string.Join(", ", _vocabulary.Fields)}");
                continue;
            }

            if (Value(property.Value, fieldPath) is { } value)
            {
                fields[property.Name] = value;
            }
        }

        return fields;
    }

    private Dictionary<string, FrozenDictionary<string, string>>? ValueMaps(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object of canonical field → { report value: canonical value }"))
        {
            return null;
        }

        var maps = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = ProfileJson.Child(path, property.Name);
            if (!_vocabulary!.Fields.Contains(property.Name))
            {
                _json.Fail(fieldPath, $"not a field of a {KindName} line; one of {string.Join(", ", _vocabulary.Fields)}");
            }
            else if (TextMap(property.Value, fieldPath) is { } map)
            {
                maps[property.Name] = map;
            }
        }

        return maps;
    }

    private RowCondition.EqualsAny? Records(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object { \"column\": …, \"keep\": [ … ] }"))
        {
            return null;
        }

        _json.CheckKeys(element, path, ["column", "keep"]);
        var column = _json.RequiredText(element, "column", path, "the column whose value says whether a row is data");
        var keep = ProfileJson.TryGet(element, "keep", out var keepElement) ? _json.Texts(keepElement, ProfileJson.Child(path, "keep"), allowNumbers: true) : null;
        if (keep is not { Count: > 0 })
        {
            _json.Fail(ProfileJson.Child(path, "keep"), "required: at least one value of data rows");
            return null;
        }

        return column is null ? null : new RowCondition.EqualsAny(new ProfileValue.Column(column.Trim()), keep);
    }

    private Dictionary<string, ProfileAmount>? Amounts(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, $"an object of amount name ({string.Join(", ", _vocabulary!.Amounts)}) → where the amount is"))
        {
            return null;
        }

        var amounts = new Dictionary<string, ProfileAmount>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var amountPath = ProfileJson.Child(path, property.Name);
            if (!_vocabulary.Amounts.Contains(property.Name))
            {
                _json.Fail(amountPath, $"not an amount of a {KindName} line; one of {string.Join(", ", _vocabulary.Amounts)}");
                continue;
            }

            if (Amount(property.Value, amountPath) is { } amount)
            {
                amounts[property.Name] = amount;
            }
        }

        return amounts;
    }

    private ProfileAmount? Amount(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object such as { \"column\": \"Amount\", \"currency\": \"Currency\" }"))
        {
            return null;
        }

        _json.CheckKeys(element, path, AmountKeys);
        var single = ProfileJson.TryGet(element, "column", out _) || ProfileJson.TryGet(element, "value", out _);
        var pair = ProfileJson.TryGet(element, "debit", out var debitElement) | ProfileJson.TryGet(element, "credit", out var creditElement);
        var sum = ProfileJson.TryGet(element, "sum", out var sumElement);
        if ((single ? 1 : 0) + (pair ? 1 : 0) + (sum ? 1 : 0) != 1)
        {
            _json.Fail(path, "exactly one of column (one cell), debit and credit (two columns, one filled) or sum (columns added) says where the amount is");
            return null;
        }

        List<ProfileValue> parts = [];
        ProfileValue? debit = null;
        ProfileValue? credit = null;
        if (single)
        {
            parts = ValueOf(element, path, "the amount's column") is { } value ? [value] : [];
        }
        else if (sum)
        {
            parts = Values(sumElement, ProfileJson.Child(path, "sum")) ?? [];
        }
        else if (debitElement.ValueKind == JsonValueKind.Undefined || creditElement.ValueKind == JsonValueKind.Undefined)
        {
            _json.Fail(path, "debit and credit come together: the two columns of the amount, one of them filled");
        }
        else
        {
            debit = Value(debitElement, ProfileJson.Child(path, "debit"));
            credit = Value(creditElement, ProfileJson.Child(path, "credit"));
        }

        ProfileValue? currency = null;
        if (!ProfileJson.TryGet(element, "currency", out var currencyElement))
        {
            _json.Fail(ProfileJson.Child(path, "currency"), "required: the currency's column, or a value such as { \"const\": \"EUR\" } or { \"carried\": \"currency\" }");
        }
        else
        {
            currency = Value(currencyElement, ProfileJson.Child(path, "currency"));
        }

        var format = _numbers;
        if (ProfileJson.TryGet(element, "scale", out var scaleElement))
        {
            format = Scale(scaleElement, ProfileJson.Child(path, "scale"), format);
        }
        else if (ProfileJson.TryGet(element, "minorUnits", out var minorElement) && _json.Boolean(minorElement, ProfileJson.Child(path, "minorUnits")) is true)
        {
            format = format with { Scale = AmountScale.Minor };
        }

        format = format with
        {
            Rounding = Choice(element, "rounding", path, ["none", "half-even", "half-up", "down"], "none") switch
            {
                "half-even" => AmountRounding.HalfEven,
                "half-up" => AmountRounding.HalfUp,
                "down" => AmountRounding.Down,
                _ => AmountRounding.None,
            },
        };
        var direction = Choice(element, "sign", path, ["magnitude", "credit", "debit"], "magnitude") switch
        {
            "credit" => AmountDirection.Credit,
            "debit" => AmountDirection.Debit,
            _ => AmountDirection.Magnitude,
        };
        var flag = ProfileJson.TryGet(element, "directionColumn", out var flagElement) ? Value(flagElement, ProfileJson.Child(path, "directionColumn")) : null;
        var debitFlags = ProfileJson.TryGet(element, "debitValues", out var debitValues) ? _json.Texts(debitValues, ProfileJson.Child(path, "debitValues")) ?? [] : ["DR", "D", "-"];
        var creditFlags = ProfileJson.TryGet(element, "creditValues", out var creditValues) ? _json.Texts(creditValues, ProfileJson.Child(path, "creditValues")) ?? [] : ["CR", "C", "+"];
        var fallback = _json.OptionalText(element, "fallback", path);
        if (currency is null || (parts.Count == 0 && debit is null))
        {
            return null;
        }

        return new ProfileAmount(parts, debit, credit, currency, format, direction, flag, debitFlags, creditFlags, fallback);
    }

    private AmountFormat Scale(JsonElement element, string path, AmountFormat format)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return _json.Integer(element, path, 0) is { } decimals && decimals <= 8
                ? format with { Scale = AmountScale.Implied, ImpliedDecimals = decimals }
                : Fail(format, path, "implied decimals are between 0 and 8");
        }

        return _json.Text(element, path) switch
        {
            "major" => format with { Scale = AmountScale.Major },
            "minor" => format with { Scale = AmountScale.Minor },
            null => format,
            var other => Fail(format, path, $"'{other}' is not major, minor or a number of implied decimals"),
        };
    }

    private T Fail<T>(T value, string path, string reason)
    {
        _json.Fail(path, reason);
        return value;
    }

    private Dictionary<string, ProfileDate>? Dates(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, $"an object of date name ({string.Join(", ", _vocabulary!.Dates)}) → column and formats"))
        {
            return null;
        }

        var dates = new Dictionary<string, ProfileDate>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var datePath = ProfileJson.Child(path, property.Name);
            if (!_vocabulary.Dates.Contains(property.Name))
            {
                _json.Fail(datePath, $"not a date of a {KindName} line; one of {string.Join(", ", _vocabulary.Dates)}");
                continue;
            }

            if (Date(property.Value, datePath) is { } date)
            {
                dates[property.Name] = date;
            }
        }

        return dates;
    }

    private ProfileDate? Date(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object such as { \"column\": \"Value Date\", \"formats\": [ \"uuuu-MM-dd\" ] }"))
        {
            return null;
        }

        _json.CheckKeys(element, path, ["column", "value", "formats", "zone"]);
        var value = ValueOf(element, path, "the date's column");
        var formats = ProfileJson.TryGet(element, "formats", out var formatsElement) ? _json.Texts(formatsElement, ProfileJson.Child(path, "formats")) : null;
        if (formats is not { Count: > 0 })
        {
            _json.Fail(ProfileJson.Child(path, "formats"), "required: at least one NodaTime pattern, such as uuuu-MM-dd or dd/MM/uuuu HH:mm:ss");
            return null;
        }

        var readers = new List<ProfileDateReader>();
        for (var i = 0; i < formats.Count; i++)
        {
            try
            {
                readers.Add(ProfileDateReader.Create(formats[i]));
            }
            catch (InvalidPatternException exception)
            {
                _json.Fail(ProfileJson.Item(ProfileJson.Child(path, "formats"), i), $"not a date pattern: {exception.Message}");
            }
        }

        var zone = DateTimeZone.Utc;
        if (_json.OptionalText(element, "zone", path) is { } zoneId)
        {
            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } found)
            {
                zone = found;
            }
            else
            {
                _json.Fail(ProfileJson.Child(path, "zone"), $"'{zoneId}' is not a time zone id such as Europe/Amsterdam or America/New_York");
            }
        }

        return value is not null && readers.Count == formats.Count ? new ProfileDate(value, formats, readers, zone) : null;
    }
}
