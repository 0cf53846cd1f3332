namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The row a profile is looking at: its cells (or, in a fixed-width file, its line), the layout its names are read
/// with, the values carried from above, the canonical fields of the line being built, and the file. One instance per
/// file, moved from row to row.
/// </summary>
internal sealed class ProfileRow(FileIdentity file, IReadOnlyDictionary<string, string> carried)
{
    private readonly Dictionary<string, string?> _fields = new(StringComparer.Ordinal);
    private string[] _cells = [];
    private string _line = string.Empty;

    public FileIdentity File { get; } = file;

    public long LineNumber { get; private set; }

    public RowLayout? Layout { get; set; }

    public int CellCount => _cells.Length;

    public IReadOnlyList<string> CellTexts => _cells;

    public string Line => _line;

    public void MoveTo(long lineNumber, string[] cells, string line)
    {
        LineNumber = lineNumber;
        _cells = cells;
        _line = line;
        Layout = null;
        _fields.Clear();
    }

    public bool IsBlank => _cells.All(string.IsNullOrWhiteSpace) && string.IsNullOrWhiteSpace(_line);

    public string? Column(string name) => Layout?.Get(this, name);

    public string? Cell(int index)
    {
        if (index < 0 || index >= _cells.Length)
        {
            return null;
        }

        var value = _cells[index].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Characters <paramref name="start"/> (from 1) to <paramref name="start"/> + <paramref name="length"/> − 1 of the line, trimmed.</summary>
    public string? At(int start, int length)
    {
        var from = start - 1;
        if (from >= _line.Length)
        {
            return null;
        }

        var value = _line.AsSpan(from, Math.Min(length, _line.Length - from)).Trim();
        return value.IsEmpty ? null : value.ToString();
    }

    public string? Carried(string name) => carried.TryGetValue(name, out var value) ? value : null;

    public string? Field(string name) => _fields.TryGetValue(name, out var value) ? value : null;

    public void SetField(string name, string? value) => _fields[name] = value;

    public void ClearFields() => _fields.Clear();
}
