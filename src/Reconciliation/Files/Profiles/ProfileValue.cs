using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Where a profile takes a value from: a column, a cell by position, a constant, a value carried from above, another
/// field, the file — or one of a few operations on those. A closed set, so that a profile stays data: there is no way
/// to write code in one. Every value is text, trimmed; null stands for blank (an empty cell, a missing column, a
/// <c>match</c> that found nothing).
/// </summary>
internal abstract record ProfileValue
{
    public abstract string? Evaluate(ProfileRow row);

    /// <summary>How a line error names the value: the report's column, or what else it is.</summary>
    public abstract string Describe();

    /// <summary>The report columns this value reads (a file without them cannot be read with the profile).</summary>
    public virtual IEnumerable<string> Columns => [];

    public sealed record Column(string Name) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => row.Column(Name);

        public override string Describe() => Name;

        public override IEnumerable<string> Columns => [Name];
    }

    public sealed record Index(int Position) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => row.Cell(Position);

        public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"cell {Position + 1}");
    }

    public sealed record At(int Start, int Length) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => row.At(Start, Length);

        public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"positions {Start}-{Start + Length - 1}");
    }

    public sealed record Constant(string Text) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => Text.Length == 0 ? null : Text;

        public override string Describe() => $"the constant '{Text}'";
    }

    public sealed record Carried(string Name) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => row.Carried(Name);

        public override string Describe() => $"the carried value '{Name}'";
    }

    public sealed record Field(string Name) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => row.Field(Name);

        public override string Describe() => $"the field {Name}";
    }

    public sealed record FileValue(bool Batch) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row) => Batch ? row.File.BatchId : row.File.Name;

        public override string Describe() => Batch ? "the file's batch" : "the file's name";
    }

    public sealed record Concat(IReadOnlyList<ProfileValue> Parts, string Separator) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row)
        {
            var parts = new string[Parts.Count];
            var any = false;
            for (var i = 0; i < parts.Length; i++)
            {
                var value = Parts[i].Evaluate(row);
                any |= value is not null;
                parts[i] = value ?? string.Empty;
            }

            return any ? string.Join(Separator, parts) : null;
        }

        public override string Describe() => string.Join(" + ", Parts.Select(part => part.Describe()));

        public override IEnumerable<string> Columns => Parts.SelectMany(part => part.Columns);
    }

    public sealed record First(IReadOnlyList<ProfileValue> Choices) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row)
        {
            foreach (var choice in Choices)
            {
                if (choice.Evaluate(row) is { } value)
                {
                    return value;
                }
            }

            return null;
        }

        public override string Describe() => string.Join(" or ", Choices.Select(choice => choice.Describe()));

        public override IEnumerable<string> Columns => Choices.SelectMany(choice => choice.Columns);
    }

    public sealed record Match(Regex Pattern, ProfileValue In) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row)
        {
            if (In.Evaluate(row) is not { } text)
            {
                return null;
            }

            try
            {
                var match = Pattern.Match(text);
                if (!match.Success)
                {
                    return null;
                }

                var value = (match.Groups.Count > 1 ? match.Groups[1].Value : match.Value).Trim();
                return value.Length == 0 ? null : value;
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }

        public override string Describe() => In.Describe();

        public override IEnumerable<string> Columns => In.Columns;
    }

    public sealed record Lookup(FrozenDictionary<string, string> Map, ProfileValue In, ProfileValue? Else) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row)
        {
            var text = In.Evaluate(row);
            if (text is not null && Map.TryGetValue(text, out var mapped))
            {
                return mapped.Length == 0 ? null : mapped;
            }

            return Else is null ? text : Else.Evaluate(row);
        }

        public override string Describe() => In.Describe();

        public override IEnumerable<string> Columns => In.Columns.Concat(Else?.Columns ?? []);
    }

    /// <summary>1 ÷ a number: an FX rate written as local units per settlement unit. Text that is no positive number stays as it is (the field's own check reports it).</summary>
    public sealed record Inverse(ProfileValue Of) : ProfileValue
    {
        public override string? Evaluate(ProfileRow row)
        {
            var text = Of.Evaluate(row);
            if (text is null || !FieldReader.TryDecimal(text, AmountFormat.Plain, out var value, out _) || value <= 0)
            {
                return text;
            }

            // Twelve decimals: far below any FX tolerance, and a fixed text for the same rate.
            return decimal.Round(1m / value, 12).ToString("0.############", CultureInfo.InvariantCulture);
        }

        public override string Describe() => Of.Describe();

        public override IEnumerable<string> Columns => Of.Columns;
    }
}
