using System.Text.RegularExpressions;
using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A test on a row: which rows are a section's data, which carry values, which to skip, which recognise a report.
/// A closed set like <see cref="ProfileValue"/>. Texts are compared ignoring case.
/// </summary>
internal abstract record RowCondition
{
    public abstract bool Holds(ProfileRow row);

    public virtual IEnumerable<string> Columns => [];

    public sealed record EqualsAny(ProfileValue Subject, IReadOnlyList<string> Values) : RowCondition
    {
        public override bool Holds(ProfileRow row) =>
            Subject.Evaluate(row) is { } value && Values.Any(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase));

        public override IEnumerable<string> Columns => Subject.Columns;
    }

    public sealed record StartsWithAny(ProfileValue Subject, IReadOnlyList<string> Prefixes) : RowCondition
    {
        public override bool Holds(ProfileRow row) =>
            Subject.Evaluate(row) is { } value && Prefixes.Any(prefix => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

        public override IEnumerable<string> Columns => Subject.Columns;
    }

    public sealed record Matches(ProfileValue Subject, Regex Pattern) : RowCondition
    {
        public override bool Holds(ProfileRow row)
        {
            try
            {
                return Subject.Evaluate(row) is { } value && Pattern.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        public override IEnumerable<string> Columns => Subject.Columns;
    }

    public sealed record Blank(ProfileValue Subject, bool Expected) : RowCondition
    {
        public override bool Holds(ProfileRow row) => (Subject.Evaluate(row) is null) == Expected;

        public override IEnumerable<string> Columns => Subject.Columns;
    }

    /// <summary>Blank, or a number equal to zero (<c>0</c>, <c>0.00</c>, <c>(0.00)</c>), read with the profile's number format.</summary>
    public sealed record Zero(ProfileValue Subject, bool Expected, AmountFormat Format) : RowCondition
    {
        public override bool Holds(ProfileRow row)
        {
            var text = Subject.Evaluate(row);
            var zero = text is null || (FieldReader.TryDecimal(text, Format, out var value, out _) && value == 0);
            return zero == Expected;
        }

        public override IEnumerable<string> Columns => Subject.Columns;
    }

    public sealed record All(IReadOnlyList<RowCondition> Conditions) : RowCondition
    {
        public override bool Holds(ProfileRow row) => Conditions.All(condition => condition.Holds(row));

        public override IEnumerable<string> Columns => Conditions.SelectMany(condition => condition.Columns);
    }

    public sealed record Any(IReadOnlyList<RowCondition> Conditions) : RowCondition
    {
        public override bool Holds(ProfileRow row) => Conditions.Any(condition => condition.Holds(row));

        public override IEnumerable<string> Columns => Conditions.SelectMany(condition => condition.Columns);
    }

    public sealed record Not(RowCondition Condition) : RowCondition
    {
        public override bool Holds(ProfileRow row) => !Condition.Holds(row);

        public override IEnumerable<string> Columns => Condition.Columns;
    }
}
