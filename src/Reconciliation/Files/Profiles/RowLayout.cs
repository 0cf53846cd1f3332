using System.Collections.Frozen;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The names of a row's values: a header row's cells, a list of names in cell order (delimited files without a
/// header), or fields by position in the line (fixed-width files). Names are compared ignoring case.
/// </summary>
internal abstract class RowLayout
{
    public abstract IReadOnlyList<string> Names { get; }

    public abstract bool Has(string name);

    /// <summary>The trimmed value of <paramref name="name"/> in <paramref name="row"/>; null when blank or absent.</summary>
    public abstract string? Get(ProfileRow row, string name);

    /// <summary>The name of the cell at <paramref name="index"/> (to name the column of a cut record), or null.</summary>
    public virtual string? NameAt(int index) => null;

    /// <summary>Names in cell order: a header row, or a layout of names.</summary>
    public sealed class Cells : RowLayout
    {
        private readonly string[] _names;
        private readonly FrozenDictionary<string, int> _index;

        public Cells(IReadOnlyList<string> names)
        {
            _names = names.Select(name => name.Trim().TrimStart('\uFEFF')).ToArray();
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _names.Length; i++)
            {
                // The first of two columns with the same name wins, as a reader of the file would expect.
                if (_names[i].Length > 0)
                {
                    index.TryAdd(_names[i], i);
                }
            }

            _index = index.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        public override IReadOnlyList<string> Names => _names;

        public override bool Has(string name) => _index.ContainsKey(name.Trim());

        public override string? Get(ProfileRow row, string name) => _index.TryGetValue(name.Trim(), out var i) ? row.Cell(i) : null;

        public override string? NameAt(int index) => index < _names.Length && _names[index].Length > 0 ? _names[index] : null;
    }

    /// <summary>Fields by position in the line, <c>start</c> counted from 1.</summary>
    public sealed class Fixed(IReadOnlyList<(string Name, int Start, int Length)> fields) : RowLayout
    {
        private readonly FrozenDictionary<string, (int Start, int Length)> _fields =
            fields.GroupBy(field => field.Name.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(group => group.Key, group => (group.First().Start, group.First().Length), StringComparer.OrdinalIgnoreCase);

        public override IReadOnlyList<string> Names { get; } = fields.Select(field => field.Name).ToArray();

        public override bool Has(string name) => _fields.ContainsKey(name.Trim());

        public override string? Get(ProfileRow row, string name) => _fields.TryGetValue(name.Trim(), out var field) ? row.At(field.Start, field.Length) : null;
    }
}
