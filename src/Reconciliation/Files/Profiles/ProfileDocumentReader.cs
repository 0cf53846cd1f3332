using System.Text.Json;
using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Turns one profile document (JSON, docs/profiles.md) into a <see cref="FormatProfile"/>, or every mistake in it,
/// each with its JSON path and the expected shape. One instance per document.
/// </summary>
internal sealed partial class ProfileDocumentReader
{
    private static readonly string[] TopKeys =
    [
        "$schema", "name", "description", "kind", "delimiter", "encoding", "format", "numbers", "header", "layout", "recognize",
        "trailerPrefixes", "skip", "carry", "trailer", "sections", "type", "columns", "lineKey", "amounts", "dates", "values", "lines", "records",
    ];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly ProfileJson _json;
    private readonly string _origin;
    private readonly List<(string Name, string Path)> _carriedUsed = [];

    // Paths already reported as wrong: a required part that failed to parse is not reported missing too.
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private ProfileVocabulary? _vocabulary;
    private bool _fixedWidth;
    private AmountFormat _numbers = AmountFormat.Plain;

    private ProfileDocumentReader(string origin)
    {
        _origin = origin;
        _json = new ProfileJson(origin);
    }

    private string KindName => _vocabulary?.Kind switch
    {
        FileKind.Chargebacks => "chargebacks",
        FileKind.Transactions => "transactions",
        _ => "settlement",
    };

    public static Result<FormatProfile, UnloadableProfile> Read(string json, string origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, position {exception.BytePositionInLine + 1})" : string.Empty;
            return new UnloadableProfile(origin, null, [], ',', [new ProfileError(origin, "$", $"not valid JSON{where}: {FirstSentence(exception.Message)}")]);
        }

        using (document)
        {
            var reader = new ProfileDocumentReader(origin);
            var profile = reader.Document(document.RootElement);
            if (profile is not null && !reader._json.Failed)
            {
                return profile;
            }

            var (name, columns, delimiter) = Salvage(document.RootElement);
            return new UnloadableProfile(origin, name, columns, delimiter, reader._json.Errors.Count > 0 ? reader._json.Errors : [new ProfileError(origin, "$", "could not be read")]);
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " LineNumber: …" and " Path: …"; the position is said already.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        cut = cut < 0 ? message.IndexOf(" Path:", StringComparison.Ordinal) : cut;
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private FormatProfile? Document(JsonElement root)
    {
        if (!_json.IsObject(root, "$", "a profile: an object with name, kind, header, type, columns, amounts and dates"))
        {
            return null;
        }

        _json.CheckKeys(root, "$", TopKeys);
        var name = _json.RequiredText(root, "name", "$", "the profile's name (letters, digits, '-', '_' or '.')");
        if (name is not null && !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            _json.Fail("$.name", "a name is letters, digits, '-', '_' or '.' (it becomes the lines' dedupe source)");
        }
        else if (string.Equals(name, CanonicalFormats.Source, StringComparison.OrdinalIgnoreCase))
        {
            _json.Fail("$.name", $"'{CanonicalFormats.Source}' is the canonical formats' source");
        }

        var kind = _json.RequiredText(root, "kind", "$", "settlement, chargebacks or transactions");
        _vocabulary = kind is null ? null : ProfileVocabulary.For(kind);
        if (kind is not null && _vocabulary is null)
        {
            _json.Fail("$.kind", $"'{kind}' is not settlement, chargebacks or transactions");
        }

        var format = _json.OptionalText(root, "format", "$") ?? "delimited";
        if (format is not ("delimited" or "fixed-width"))
        {
            _json.Fail("$.format", $"'{format}' is not delimited or fixed-width");
        }

        _fixedWidth = format == "fixed-width";
        var delimiter = Delimiter(root);
        if (_json.OptionalText(root, "encoding", "$") is { } encoding && !string.Equals(encoding, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            _json.Fail("$.encoding", "only utf-8 is read (a BOM is accepted)");
        }

        if (ProfileJson.TryGet(root, "numbers", out var numbers))
        {
            _numbers = Numbers(numbers);
        }

        if (_vocabulary is null)
        {
            // Without a kind, no field can be checked: what is said so far is all there is to say.
            return null;
        }

        var (headerColumns, skipLines, headerOptional) = ProfileJson.TryGet(root, "header", out var headerElement) ? Header(headerElement, "$.header", allowSkip: true) : (null, 0, false);
        var layout = ProfileJson.TryGet(root, "layout", out var layoutElement) ? Layout(layoutElement, "$.layout") : null;
        var recognize = ProfileJson.TryGet(root, "recognize", out var recognizeElement) ? Conditions(recognizeElement, "$.recognize") ?? [] : [];
        var trailerPrefixes = ProfileJson.TryGet(root, "trailerPrefixes", out var prefixes) ? _json.Texts(prefixes, "$.trailerPrefixes") ?? [] : [];
        var skip = ProfileJson.TryGet(root, "skip", out var skipElement) ? Conditions(skipElement, "$.skip") ?? [] : [];
        var carry = ProfileJson.TryGet(root, "carry", out var carryElement) ? CarryRules(carryElement, "$.carry") : [];
        var trailers = ProfileJson.TryGet(root, "trailer", out var trailerElement) ? Trailers(trailerElement, "$.trailer") : [];
        var top = Mapping(root, "$", allowLines: true);

        List<ProfileSection> sections;
        if (ProfileJson.TryGet(root, "sections", out var sectionsElement))
        {
            sections = Sections(sectionsElement, top);
            if (layout is not null)
            {
                _json.Fail("$.layout", "with sections, each section has its own layout");
            }
        }
        else
        {
            if (headerColumns is null && layout is null)
            {
                _json.Fail("$.header", "required: the header row's columns (header: { columns: [...] }), or a layout for a report without a header row");
            }

            sections = [new ProfileSection("rows", headerColumns, headerOptional, layout, null, top.Records, LineMappings(top), new Dictionary<string, ProfileValue>())];
        }

        var recognising = sections.Where(section => section.HeaderColumns is not null && !section.HeaderOptional).SelectMany(section => section.HeaderColumns!).ToList();
        if (recognising.Count == 0 && recognize.Count == 0)
        {
            _json.Fail("$.recognize", "a report without a required header row is recognised by conditions on its rows: add recognize, such as [ { \"at\": [1, 5], \"equals\": \"DFHDR\" } ]");
        }

        var carried = carry.SelectMany(rule => rule.Set.Keys).Concat(sections.SelectMany(section => section.Carry.Keys)).ToHashSet(StringComparer.Ordinal);
        foreach (var (carriedName, path) in _carriedUsed.Where(use => !carried.Contains(use.Name)))
        {
            _json.Fail(path, carry.Count == 0 ? $"no carry rule sets '{carriedName}': add one to carry" : $"no carry rule sets '{carriedName}'; carried values are {string.Join(", ", carried.Order(StringComparer.Ordinal))}");
        }

        if (_json.Failed || name is null)
        {
            return null;
        }

        return new FormatProfile
        {
            Name = name,
            Description = _json.OptionalText(root, "description", "$"),
            FileKind = _vocabulary.Kind,
            Origin = _origin,
            RecognisingColumns = recognising,
            Delimiter = delimiter,
            FixedWidth = _fixedWidth,
            Numbers = _numbers,
            SkipLines = skipLines,
            Recognize = recognize,
            TrailerPrefixes = trailerPrefixes,
            Skip = skip,
            Carry = carry,
            Trailers = trailers,
            Sections = sections,
        };
    }

    private char Delimiter(JsonElement root)
    {
        var text = _json.OptionalText(root, "delimiter", "$") ?? ",";
        if (text is "tab" or "\t")
        {
            return '\t';
        }

        if (text.Length != 1 || text[0] is '"' or '\r' or '\n')
        {
            _json.Fail("$.delimiter", "the delimiter is one character other than a quote or a line break (or \"tab\")");
            return ',';
        }

        return text[0];
    }

    private AmountFormat Numbers(JsonElement element)
    {
        const string path = "$.numbers";
        if (!_json.IsObject(element, path, "an object { \"decimal\": \",\", \"group\": \".\" }"))
        {
            return AmountFormat.Plain;
        }

        _json.CheckKeys(element, path, ["decimal", "group"]);
        var decimalText = _json.OptionalText(element, "decimal", path) ?? ".";
        var groupText = _json.OptionalText(element, "group", path);
        if (decimalText is not ("." or ","))
        {
            _json.Fail("$.numbers.decimal", "the decimal separator is '.' or ','");
            return AmountFormat.Plain;
        }

        char? group = null;
        if (groupText is { Length: 1 } && groupText[0] is ',' or '.' or ' ' or '\'' or '\u2019' or '\u00A0' && groupText[0] != decimalText[0])
        {
            group = groupText[0];
        }
        else if (groupText is not null)
        {
            _json.Fail("$.numbers.group", "the group separator is one of , . ' or a space, other than the decimal separator");
        }

        return AmountFormat.Plain with { Decimal = decimalText[0], Group = group };
    }

    private (IReadOnlyList<string>? Columns, int SkipLines, bool Optional) Header(JsonElement element, string path, bool allowSkip)
    {
        if (!_json.IsObject(element, path, "an object { \"columns\": [ … ] }"))
        {
            return (null, 0, false);
        }

        _json.CheckKeys(element, path, allowSkip ? ["columns", "skipLines", "optional"] : ["columns", "optional"]);
        IReadOnlyList<string>? columns = null;
        if (!ProfileJson.TryGet(element, "columns", out var columnsElement))
        {
            _json.Fail(ProfileJson.Child(path, "columns"), "required: the columns a header row contains (they recognise the report)");
        }
        else
        {
            columns = _json.Texts(columnsElement, ProfileJson.Child(path, "columns"));
            if (columns is not null && (columns.Count == 0 || columns.Any(string.IsNullOrWhiteSpace)))
            {
                _json.Fail(ProfileJson.Child(path, "columns"), "at least one column name recognises the header; names are not blank");
                columns = null;
            }
        }

        var skipLines = allowSkip && ProfileJson.TryGet(element, "skipLines", out var skipElement) ? _json.Integer(skipElement, ProfileJson.Child(path, "skipLines"), 0) ?? 0 : 0;
        var optional = ProfileJson.TryGet(element, "optional", out var optionalElement) && _json.Boolean(optionalElement, ProfileJson.Child(path, "optional")) is true;
        return (columns?.Select(column => column.Trim()).ToArray(), skipLines, optional);
    }

    private List<ProfileSection> Sections(JsonElement element, MappingParts top)
    {
        const string path = "$.sections";
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            _json.Fail(path, $"expected a list of sections, found {ProfileJson.Summarise(element)}");
            return [];
        }

        var sections = new List<ProfileSection>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var sectionPath = ProfileJson.Item(path, index++);
            if (!_json.IsObject(item, sectionPath, "a section such as { \"name\": \"fees\", \"header\": { \"columns\": [ … ] }, … }"))
            {
                continue;
            }

            _json.CheckKeys(item, sectionPath, ["name", "header", "layout", "when", "carry", .. MappingKeys]);
            var name = _json.RequiredText(item, "name", sectionPath, "the section's name") ?? string.Empty;
            if (!names.Add(name))
            {
                _json.Fail(ProfileJson.Child(sectionPath, "name"), $"'{name}' is the name of another section");
            }

            var (headerColumns, _, optional) = ProfileJson.TryGet(item, "header", out var headerElement)
                ? Header(headerElement, ProfileJson.Child(sectionPath, "header"), allowSkip: false)
                : (null, 0, false);
            var layout = ProfileJson.TryGet(item, "layout", out var layoutElement) ? Layout(layoutElement, ProfileJson.Child(sectionPath, "layout")) : null;
            var when = ProfileJson.TryGet(item, "when", out var whenElement) ? Condition(whenElement, ProfileJson.Child(sectionPath, "when")) : null;
            if (headerColumns is null && when is null)
            {
                _json.Fail(sectionPath, "a section is found by its header row (header) or by a condition on its rows (when): give one");
            }

            if (headerColumns is not null && layout is not null)
            {
                _json.Fail(ProfileJson.Child(sectionPath, "layout"), "a section with a header row takes its names from it; layout is for rows without one");
            }

            var carry = ProfileJson.TryGet(item, "carry", out var carryElement) ? CarrySet(carryElement, ProfileJson.Child(sectionPath, "carry")) : new Dictionary<string, ProfileValue>();
            var parts = Mapping(item, sectionPath, allowLines: true).Over(top);
            sections.Add(new ProfileSection(name, headerColumns, optional, layout, when, parts.Records, LineMappings(parts), carry));
        }

        return sections;
    }

    private List<CarryRule> CarryRules(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            _json.Fail(path, $"expected a list of carry rules such as {{ \"when\": …, \"set\": {{ \"currency\": … }} }}, found {ProfileJson.Summarise(element)}");
            return [];
        }

        var rules = new List<CarryRule>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var rulePath = ProfileJson.Item(path, index++);
            if (!_json.IsObject(item, rulePath, "a carry rule { \"when\": …, \"set\": { name: value } }"))
            {
                continue;
            }

            _json.CheckKeys(item, rulePath, ["when", "layout", "set"]);
            var when = ProfileJson.TryGet(item, "when", out var whenElement) ? Condition(whenElement, ProfileJson.Child(rulePath, "when")) : RequiredCondition(rulePath, "the rows that hold the values");
            var layout = ProfileJson.TryGet(item, "layout", out var layoutElement) ? Layout(layoutElement, ProfileJson.Child(rulePath, "layout")) : null;
            var set = new Dictionary<string, ProfileValue>(StringComparer.Ordinal);
            if (!ProfileJson.TryGet(item, "set", out var setElement))
            {
                _json.Fail(ProfileJson.Child(rulePath, "set"), "required: the values kept, { name: value }");
            }
            else
            {
                set = CarrySet(setElement, ProfileJson.Child(rulePath, "set"));
            }

            if (when is not null)
            {
                rules.Add(new CarryRule(when, layout, set));
            }
        }

        return rules;
    }

    private Dictionary<string, ProfileValue> CarrySet(JsonElement element, string path)
    {
        var set = new Dictionary<string, ProfileValue>(StringComparer.Ordinal);
        if (_json.IsObject(element, path, "an object of carried name → value"))
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Value(property.Value, ProfileJson.Child(path, property.Name)) is { } value)
                {
                    set[property.Name] = value;
                }
            }
        }

        return set;
    }

    private List<TrailerRule> Trailers(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return Trailer(element, path) is { } single ? [single] : [];
        }

        var rules = new List<TrailerRule>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Trailer(item, ProfileJson.Item(path, index++)) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    private TrailerRule? Trailer(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object { \"when\": …, \"count\": …, \"sum\": { \"of\": …, \"is\": … }, \"required\": true }"))
        {
            return null;
        }

        _json.CheckKeys(element, path, ["when", "layout", "count", "counts", "sum", "required"]);
        var when = ProfileJson.TryGet(element, "when", out var whenElement) ? Condition(whenElement, ProfileJson.Child(path, "when")) : RequiredCondition(path, "the trailer row");
        var layout = ProfileJson.TryGet(element, "layout", out var layoutElement) ? Layout(layoutElement, ProfileJson.Child(path, "layout")) : null;
        var count = ProfileJson.TryGet(element, "count", out var countElement) ? Value(countElement, ProfileJson.Child(path, "count")) : null;
        ProfileValue? of = null;
        ProfileValue? @is = null;
        var format = _numbers;
        if (ProfileJson.TryGet(element, "sum", out var sumElement) && _json.IsObject(sumElement, ProfileJson.Child(path, "sum"), "an object { \"of\": value on data rows, \"is\": value on the trailer }"))
        {
            var sumPath = ProfileJson.Child(path, "sum");
            _json.CheckKeys(sumElement, sumPath, ["of", "is", "scale"]);
            of = ProfileJson.TryGet(sumElement, "of", out var ofElement) ? Value(ofElement, ProfileJson.Child(sumPath, "of")) : FailValue(ProfileJson.Child(sumPath, "of"), "required: the value of each data row that is added");
            @is = ProfileJson.TryGet(sumElement, "is", out var isElement) ? Value(isElement, ProfileJson.Child(sumPath, "is")) : FailValue(ProfileJson.Child(sumPath, "is"), "required: the trailer's total");
            if (ProfileJson.TryGet(sumElement, "scale", out var scaleElement))
            {
                format = Scale(scaleElement, ProfileJson.Child(sumPath, "scale"), format);
            }
        }

        var required = ProfileJson.TryGet(element, "required", out var requiredElement) && _json.Boolean(requiredElement, ProfileJson.Child(path, "required")) is true;
        if (count is null && of is null && !required)
        {
            _json.Fail(path, "a trailer checks something: count, sum, or required");
        }

        var countsAll = Choice(element, "counts", path, ["data", "records"], "data") == "records";
        return when is null ? null : new TrailerRule(when, layout, count, of, @is, format, required, countsAll);
    }

    private RowCondition? RequiredCondition(string path, string what)
    {
        _json.Fail(ProfileJson.Child(path, "when"), $"required: a condition that finds {what}");
        return null;
    }

    /// <summary>What can still be read of a document that failed: its name, recognising columns and delimiter.</summary>
    private static (string? Name, IReadOnlyList<string> Columns, char Delimiter) Salvage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [], ',');
        }

        static IEnumerable<string> ColumnsOf(JsonElement owner) =>
            ProfileJson.TryGet(owner, "header", out var header) && ProfileJson.TryGet(header, "columns", out var columns) && columns.ValueKind == JsonValueKind.Array
                ? columns.EnumerateArray().Where(column => column.ValueKind == JsonValueKind.String).Select(column => column.GetString()!.Trim())
                : [];

        var name = ProfileJson.TryGet(root, "name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
        // One header row's columns: the top level's, else the first section's (a file has them all on one row).
        var all = ColumnsOf(root).ToList();
        if (all.Count == 0 && ProfileJson.TryGet(root, "sections", out var sections) && sections.ValueKind == JsonValueKind.Array)
        {
            all.AddRange(sections.EnumerateArray().Select(section => ColumnsOf(section).ToList()).FirstOrDefault(columns => columns.Count > 0) ?? []);
        }

        var delimiter = ProfileJson.TryGet(root, "delimiter", out var delimiterElement) && delimiterElement.ValueKind == JsonValueKind.String
            ? delimiterElement.GetString() switch
            {
                "tab" => '\t',
                { Length: 1 } one => one[0],
                _ => ',',
            }
            : ',';
        return (name, all.Where(column => column.Length > 0).ToArray(), delimiter);
    }
}
