using System.Globalization;
using System.Text.Json;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Reads the JSON of a profile document and collects every mistake with its JSON path and the shape that was
/// expected, in the words of the profile language (never a .NET type name), so that a user can fix them all at once.
/// </summary>
internal sealed class ProfileJson(string origin)
{
    private readonly List<ProfileError> _errors = [];

    public IReadOnlyList<ProfileError> Errors => _errors;

    public bool Failed => _errors.Count > 0;

    public void Fail(string path, string reason) => _errors.Add(new ProfileError(origin, path, reason));

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Whether <paramref name="element"/> is an object; reports what it is instead otherwise.</summary>
    public bool IsObject(JsonElement element, string path, string expected)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Fail(path, $"expected {expected}, found {Describe(element.ValueKind)}");
        return false;
    }

    /// <summary>Reports every key of <paramref name="element"/> not in <paramref name="allowed"/>, naming the nearest allowed one.</summary>
    public void CheckKeys(JsonElement element, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                var nearest = Nearest(property.Name, allowed);
                Fail(
                    Child(path, property.Name),
                    nearest is null
                        ? $"unknown key; expected one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}"
                        : $"unknown key; did you mean '{nearest}'?");
            }
        }
    }

    public static string Child(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && name.Length > 0 && !char.IsAsciiDigit(name[0]) ? $"{path}.{name}" : $"{path}['{name}']";

    public static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A text; a number is taken as written (a constant "840" or a type code 30).</summary>
    public string? Text(JsonElement element, string path, bool allowNumber = false)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString();
        }

        if (allowNumber && element.ValueKind == JsonValueKind.Number)
        {
            return element.GetRawText();
        }

        Fail(path, $"expected a text, found {Describe(element.ValueKind)}");
        return null;
    }

    public string? OptionalText(JsonElement parent, string name, string path) =>
        TryGet(parent, name, out var value) ? Text(value, Child(path, name)) : null;

    public string? RequiredText(JsonElement parent, string name, string path, string what)
    {
        if (!TryGet(parent, name, out var value))
        {
            Fail(Child(path, name), $"required: {what}");
            return null;
        }

        var text = Text(value, Child(path, name));
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Fail(Child(path, name), $"is blank; expected {what}");
            return null;
        }

        return text;
    }

    public int? Integer(JsonElement element, string path, int minimum)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= minimum)
        {
            return value;
        }

        Fail(path, string.Create(CultureInfo.InvariantCulture, $"expected a whole number of at least {minimum}, found {Summarise(element)}"));
        return null;
    }

    public bool? Boolean(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        Fail(path, $"expected true or false, found {Summarise(element)}");
        return null;
    }

    /// <summary>A list of texts; a single text is a list of one.</summary>
    public IReadOnlyList<string>? Texts(JsonElement element, string path, bool allowNumbers = false)
    {
        if (element.ValueKind == JsonValueKind.String || (allowNumbers && element.ValueKind == JsonValueKind.Number))
        {
            return Text(element, path, allowNumbers) is { } single ? [single] : null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            Fail(path, $"expected a list of texts, found {Summarise(element)}");
            return null;
        }

        var texts = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Text(item, Item(path, index++), allowNumbers) is { } text)
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    /// <summary>A value as an error message shows it: its kind, and a short text or number as written.</summary>
    public static string Summarise(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => $"{Describe(element.ValueKind)} {Shorten(element.GetRawText())}",
        _ => Describe(element.ValueKind),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static string? Nearest(string name, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
