using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Settlement.Reconciliation.Files.Profiles;

/// <content>Values, conditions and layouts.</content>
internal sealed partial class ProfileDocumentReader
{
    private const string ValueShape =
        "a column name, or an object with one of column, index, at, const, carried, field, file, concat, first, match, map, inverse";

    private static readonly string[] ValueKeys = ["column", "index", "at", "const", "carried", "field", "file", "concat", "first", "match", "map", "inverse"];

    private static readonly string[] ConditionSubjects = ["column", "index", "at", "value"];

    private static readonly string[] ConditionTests = ["equals", "startsWith", "matches", "blank", "zero"];

    // A user's pattern runs on every row: a timeout keeps a pathological one from stalling a file.
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>A value: a column name, or one object of the closed set of <see cref="ProfileValue"/>.</summary>
    private ProfileValue? Value(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var name = element.GetString()!;
            if (string.IsNullOrWhiteSpace(name))
            {
                _json.Fail(path, "the column name is blank");
                return null;
            }

            return new ProfileValue.Column(name.Trim());
        }

        if (!_json.IsObject(element, path, ValueShape))
        {
            return null;
        }

        var ops = element.EnumerateObject().Select(property => property.Name).Where(ValueKeys.Contains).ToList();
        if (ops.Count != 1)
        {
            _json.Fail(path, ops.Count == 0 ? $"expected {ValueShape}" : $"one value at a time: {string.Join(" and ", ops)} were given");
            return null;
        }

        var op = ops[0];
        var argument = element.GetProperty(op);
        var at = ProfileJson.Child(path, op);
        string[] extra = op switch
        {
            "concat" => ["separator"],
            "match" => ["in"],
            "map" => ["in", "else"],
            _ => [],
        };
        _json.CheckKeys(element, path, [op, .. extra]);
        switch (op)
        {
            case "column":
                return _json.Text(argument, at) is { } column && !string.IsNullOrWhiteSpace(column) ? new ProfileValue.Column(column.Trim()) : Blank(at);
            case "index":
                if (_fixedWidth)
                {
                    _json.Fail(at, "index counts cells of a delimited row; in a fixed-width file use at: [start, length] or a layout field");
                    return null;
                }

                return _json.Integer(argument, at, 0) is { } index ? new ProfileValue.Index(index) : null;
            case "at":
                return Position(argument, at) is { } position ? new ProfileValue.At(position.Start, position.Length) : null;
            case "const":
                return _json.Text(argument, at, allowNumber: true) is { } constant ? new ProfileValue.Constant(constant.Trim()) : null;
            case "carried":
                if (_json.Text(argument, at) is { } carried)
                {
                    _carriedUsed.Add((carried, at));
                    return new ProfileValue.Carried(carried);
                }

                return null;
            case "field":
                if (_json.Text(argument, at) is not { } field)
                {
                    return null;
                }

                if (_vocabulary is not null && !_vocabulary.Referable.Contains(field))
                {
                    _json.Fail(at, $"'{field}' is not a field of a {_vocabulary.Kind.ToString().ToLowerInvariant()} line; one of {string.Join(", ", _vocabulary.Referable)}");
                    return null;
                }

                return new ProfileValue.Field(field);
            case "file":
                return _json.Text(argument, at) switch
                {
                    "name" => new ProfileValue.FileValue(Batch: false),
                    "batch" => new ProfileValue.FileValue(Batch: true),
                    null => null,
                    var other => FailValue(at, $"'{other}' is not name or batch"),
                };
            case "concat":
                var separator = ProfileJson.TryGet(element, "separator", out var separatorElement) ? _json.Text(separatorElement, ProfileJson.Child(path, "separator")) ?? string.Empty : string.Empty;
                return Values(argument, at) is { } parts ? new ProfileValue.Concat(parts, separator) : null;
            case "first":
                return Values(argument, at) is { } choices ? new ProfileValue.First(choices) : null;
            case "match":
                var pattern = Pattern(argument, at);
                var input = In(element, path);
                return pattern is not null && input is not null ? new ProfileValue.Match(pattern, input) : null;
            case "map":
                var map = TextMap(argument, at);
                var source = In(element, path);
                var otherwise = ProfileJson.TryGet(element, "else", out var elseElement) ? Value(elseElement, ProfileJson.Child(path, "else")) : null;
                return map is not null && source is not null ? new ProfileValue.Lookup(map, source, otherwise) : null;
            default:
                return Value(argument, at) is { } of ? new ProfileValue.Inverse(of) : null;
        }
    }

    private ProfileValue? FailValue(string path, string reason)
    {
        _json.Fail(path, reason);
        return null;
    }

    private ProfileValue? Blank(string path) => FailValue(path, "the column name is blank");

    private ProfileValue? In(JsonElement element, string path)
    {
        if (!ProfileJson.TryGet(element, "in", out var input))
        {
            _json.Fail(ProfileJson.Child(path, "in"), $"required: the value to look in ({ValueShape})");
            return null;
        }

        return Value(input, ProfileJson.Child(path, "in"));
    }

    private List<ProfileValue>? Values(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            _json.Fail(path, $"expected a list of values, found {ProfileJson.Summarise(element)}");
            return null;
        }

        var values = new List<ProfileValue>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Value(item, ProfileJson.Item(path, index++)) is { } value)
            {
                values.Add(value);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? values : null;
    }

    private Regex? Pattern(JsonElement element, string path)
    {
        if (_json.Text(element, path) is not { } text)
        {
            return null;
        }

        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException exception)
        {
            _json.Fail(path, $"not a regular expression: {exception.Message}");
            return null;
        }
    }

    private FrozenDictionary<string, string>? TextMap(JsonElement element, string path)
    {
        if (!_json.IsObject(element, path, "an object of report value → value, such as { \"MC\": \"MASTER\" }"))
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (_json.Text(property.Value, ProfileJson.Child(path, property.Name), allowNumber: true) is { } to)
            {
                map[property.Name.Trim()] = to;
            }
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private (int Start, int Length)? Position(JsonElement element, string path)
    {
        if (!_fixedWidth)
        {
            _json.Fail(path, "at reads positions of a line, for fixed-width files (format: fixed-width); in a delimited file use index or column");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
        {
            _json.Fail(path, $"expected [start, length] (start counted from 1), found {ProfileJson.Summarise(element)}");
            return null;
        }

        var start = _json.Integer(element[0], ProfileJson.Item(path, 0), 1);
        var length = _json.Integer(element[1], ProfileJson.Item(path, 1), 1);
        return start is { } s && length is { } l ? (s, l) : null;
    }

    /// <summary>A condition: a subject and a test, all/any/not of conditions, or a list (all of them).</summary>
    private RowCondition? Condition(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return Conditions(element, path) is { } all ? new RowCondition.All(all) : null;
        }

        const string shape = "a condition such as { \"column\": \"Record Type\", \"equals\": \"D\" }, or { \"all\": [...] }, { \"any\": [...] }, { \"not\": ... }";
        if (!_json.IsObject(element, path, shape))
        {
            return null;
        }

        foreach (var combinator in new[] { "all", "any" })
        {
            if (ProfileJson.TryGet(element, combinator, out var list))
            {
                _json.CheckKeys(element, path, [combinator]);
                var conditions = Conditions(list, ProfileJson.Child(path, combinator));
                return conditions is null ? null : combinator == "all" ? new RowCondition.All(conditions) : new RowCondition.Any(conditions);
            }
        }

        if (ProfileJson.TryGet(element, "not", out var negated))
        {
            _json.CheckKeys(element, path, ["not"]);
            return Condition(negated, ProfileJson.Child(path, "not")) is { } inner ? new RowCondition.Not(inner) : null;
        }

        _json.CheckKeys(element, path, [.. ConditionSubjects, .. ConditionTests]);
        var subjects = ConditionSubjects.Where(key => ProfileJson.TryGet(element, key, out _)).ToList();
        var tests = ConditionTests.Where(key => ProfileJson.TryGet(element, key, out _)).ToList();
        if (subjects.Count != 1 || tests.Count != 1)
        {
            _json.Fail(path, $"a condition has one subject (column, index, at or value) and one test (equals, startsWith, matches, blank or zero); found {(subjects.Count + tests.Count == 0 ? "neither" : string.Join(", ", subjects.Concat(tests)))}");
            return null;
        }

        var subjectKey = subjects[0];
        var subjectElement = element.GetProperty(subjectKey);
        var subjectPath = ProfileJson.Child(path, subjectKey);
        ProfileValue? subject = subjectKey switch
        {
            "column" => _json.Text(subjectElement, subjectPath) is { } column ? new ProfileValue.Column(column.Trim()) : null,
            "value" => Value(subjectElement, subjectPath),
            "index" when _fixedWidth => FailValue(subjectPath, "index counts cells of a delimited row; in a fixed-width file use at: [start, length] or a layout field"),
            "index" => _json.Integer(subjectElement, subjectPath, 0) is { } index ? new ProfileValue.Index(index) : null,
            _ => Position(subjectElement, subjectPath) is { } position ? new ProfileValue.At(position.Start, position.Length) : null,
        };

        var testKey = tests[0];
        var testElement = element.GetProperty(testKey);
        var testPath = ProfileJson.Child(path, testKey);
        if (subject is null)
        {
            return null;
        }

        return testKey switch
        {
            "equals" => _json.Texts(testElement, testPath, allowNumbers: true) is { } values ? new RowCondition.EqualsAny(subject, values) : null,
            "startsWith" => _json.Texts(testElement, testPath) is { } prefixes ? new RowCondition.StartsWithAny(subject, prefixes) : null,
            "matches" => Pattern(testElement, testPath) is { } regex ? new RowCondition.Matches(subject, regex) : null,
            "blank" => _json.Boolean(testElement, testPath) is { } blank ? new RowCondition.Blank(subject, blank) : null,
            _ => _json.Boolean(testElement, testPath) is { } zero ? new RowCondition.Zero(subject, zero, _numbers) : null,
        };
    }

    private List<RowCondition>? Conditions(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            _json.Fail(path, $"expected a list of conditions, found {ProfileJson.Summarise(element)}");
            return null;
        }

        var conditions = new List<RowCondition>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Condition(item, ProfileJson.Item(path, index++)) is { } condition)
            {
                conditions.Add(condition);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? conditions : null;
    }

    /// <summary>A layout: names in cell order (delimited), or fields by position (fixed-width).</summary>
    private RowLayout? Layout(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            _json.Fail(path, _fixedWidth
                ? "expected a list of fields such as { \"name\": \"Record Type\", \"start\": 1, \"length\": 3 }"
                : "expected a list of column names, in cell order");
            return null;
        }

        if (!_fixedWidth)
        {
            return _json.Texts(element, path) is { } names ? new RowLayout.Cells(names) : null;
        }

        var fields = new List<(string, int, int)>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = ProfileJson.Item(path, index++);
            if (!_json.IsObject(item, itemPath, "a field such as { \"name\": \"Record Type\", \"start\": 1, \"length\": 3 }"))
            {
                continue;
            }

            _json.CheckKeys(item, itemPath, ["name", "start", "length"]);
            var name = _json.RequiredText(item, "name", itemPath, "the field's name");
            var start = ProfileJson.TryGet(item, "start", out var startElement) ? _json.Integer(startElement, ProfileJson.Child(itemPath, "start"), 1) : Missing(itemPath, "start", "the field's first position, counted from 1");
            var length = ProfileJson.TryGet(item, "length", out var lengthElement) ? _json.Integer(lengthElement, ProfileJson.Child(itemPath, "length"), 1) : Missing(itemPath, "length", "the field's length in characters");
            if (name is not null && start is { } s && length is { } l)
            {
                fields.Add((name, s, l));
            }
        }

        return new RowLayout.Fixed(fields);
    }

    private int? Missing(string path, string key, string what)
    {
        _json.Fail(ProfileJson.Child(path, key), $"required: {what}");
        return null;
    }
}
