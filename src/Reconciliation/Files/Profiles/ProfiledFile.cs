using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A report read through a <see cref="FormatProfile"/>: the same canonical lines and line errors as a canonical file
/// of the profile's kind, read as a stream. Each row is classified (blank, end of data, a section's header, trailer,
/// carry, skip, data) as docs/profiles.md says, and each data row becomes lines through its section's mappings.
/// </summary>
public sealed class ProfiledFile : IAcquirerFile
{
    private readonly BoundedRecordStream _bounded;
    private readonly FileReadOptions _options;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly Dictionary<string, string> _carried = new(StringComparer.Ordinal);
    private readonly ProfileRow _row;
    private readonly ProfiledLineBuilder _builder;
    private readonly List<Result<CanonicalLine, LineError>> _lines = [];
    private ProfileSection? _current;
    private RowLayout? _header;
    private bool _started;
    private long _rowsSinceTrailer;
    private decimal _sumSinceTrailer;
    private bool _trailerSeen;

    internal ProfiledFile(FormatProfile profile, SniffedStream input, FileReadOptions options, string recognition)
    {
        Profile = profile;
        Recognition = recognition;
        _options = options;
        _bounded = new BoundedRecordStream(input, BoundedRecordStream.LimitFor(options.MaxFieldLength), profile.Delimiter, profile.FixedWidth ? null : '"');
        _row = new ProfileRow(options.File, _carried);
        _builder = new ProfiledLineBuilder(profile, options.MaxFieldLength);
    }

    public FormatProfile Profile { get; }

    public FileKind Kind => Profile.FileKind;

    public string Source => Profile.Name;

    public string Recognition { get; }

    public long IgnoredLines { get; private set; }

    /// <summary>Data rows read (a row may give several lines, or none when its type is ignored).</summary>
    public long DataRows { get; private set; }

    /// <summary>What the trailer rows said and whether it held, in file order ("line 40: 12 records announced, 12 read").</summary>
    public IReadOnlyList<string> TrailerChecks => _trailerChecks;

    private readonly List<string> _trailerChecks = [];

    public async IAsyncEnumerable<Result<CanonicalLine, LineError>> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("the lines of a file can be read once");
        }

        _started = true;
        var skipped = 0;
        long lastLine = 0;
        await foreach (var (line, cells, text, malformed) in RowsAsync(cancellationToken))
        {
            foreach (var error in malformed)
            {
                yield return error;
            }

            if (line == 0)
            {
                continue;
            }

            lastLine = line;
            _row.MoveTo(line, cells, text);
            if (_bounded.TakeCut(line, out var fieldIndex))
            {
                var column = _header?.NameAt(fieldIndex) ?? string.Create(CultureInfo.InvariantCulture, $"cell {fieldIndex + 1}");
                yield return LineError.Of(line, column, null, FieldMessages.TooLong(column, _options.MaxFieldLength));
                continue;
            }

            if (_row.IsBlank)
            {
                continue;
            }

            if (skipped < Profile.SkipLines && _header is null)
            {
                skipped++;
                continue;
            }

            if (IsEndOfData())
            {
                // A trailer (or the preamble repeated at the end) closes the report; what follows is not data.
                break;
            }

            if (Classify() is { } rowError)
            {
                yield return rowError;
            }

            for (var part = 0; part < _lines.Count; part++)
            {
                // Several lines of one row share its physical line; each has its own part, so each is stored on its own.
                yield return part > 0 && _lines[part].TryGetValue(out var further, out _) ? further with { Part = part } : _lines[part];
            }

            _lines.Clear();
        }

        if (Profile.Trailer is { Required: true } && !_trailerSeen)
        {
            yield return LineError.Of(lastLine, null, null, "the file has no trailer record: it may have been cut short (the lines before were read)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bounded.DisposeAsync();
    }

    private bool IsEndOfData()
    {
        // Before the data, a line like the trailer is the preamble it repeats (J.P. Morgan's Key=Value lines).
        if (Profile.TrailerPrefixes.Count == 0 || (_current is null && DataRows == 0) || (_row.CellCount == 0 && _row.Line.Length == 0))
        {
            return false;
        }

        var first = (_row.CellCount > 0 ? _row.CellTexts[0] : _row.Line).TrimStart('\uFEFF').Trim();
        return Profile.TrailerPrefixes.Any(prefix => first.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Decides what the current row is and acts on it; returns an error about the row as a whole, if any.</summary>
    private LineError? Classify()
    {
        if (HeaderOf() is { } headed)
        {
            _current = headed;
            _header = new RowLayout.Cells(_row.CellTexts);
            return null;
        }

        if (Profile.Trailer is { } trailer && Holds(trailer.When, trailer.Layout))
        {
            return CheckTrailer(trailer);
        }

        foreach (var rule in Profile.Carry)
        {
            if (Holds(rule.When, rule.Layout))
            {
                Keep(rule.Set);
                return null;
            }
        }

        if (Profile.Skip.Count > 0 && Profile.Skip.Any(condition => Holds(condition, null)))
        {
            IgnoredLines++;
            return null;
        }

        foreach (var section in Profile.Sections)
        {
            if (section.When is { } when && Holds(when, LayoutOf(section)))
            {
                Data(section);
                return null;
            }
        }

        if (_current is { When: null } current)
        {
            Data(current);
        }
        else if (_current is not null)
        {
            IgnoredLines++;
        }

        return null;
    }

    /// <summary>The section whose header the current row is (it has every one of the section's header columns).</summary>
    private ProfileSection? HeaderOf()
    {
        if (Profile.FixedWidth)
        {
            return null;
        }

        foreach (var section in Profile.Sections)
        {
            if (section.HeaderColumns is { } columns && IsHeader(columns, _row.CellTexts))
            {
                return section;
            }
        }

        return null;
    }

    internal static bool IsHeader(IReadOnlyList<string> columns, IReadOnlyList<string> cells)
    {
        foreach (var column in columns)
        {
            var found = false;
            foreach (var cell in cells)
            {
                if (cell.AsSpan().Trim().TrimStart('\uFEFF').Equals(column, StringComparison.OrdinalIgnoreCase))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private RowLayout? LayoutOf(ProfileSection section) =>
        section.Layout ?? (section.HeaderColumns is null ? _header : ReferenceEquals(section, _current) ? _header : null);

    private bool Holds(RowCondition condition, RowLayout? layout)
    {
        _row.Layout = layout ?? _header;
        return condition.Holds(_row);
    }

    private void Keep(IReadOnlyDictionary<string, ProfileValue> values)
    {
        foreach (var (name, value) in values)
        {
            if (value.Evaluate(_row) is { } text)
            {
                _carried[name] = text;
            }
            else
            {
                _carried.Remove(name);
            }
        }
    }

    private void Data(ProfileSection section)
    {
        _row.Layout = LayoutOf(section);
        if (section.Keep is { } keep && !keep.Holds(_row))
        {
            IgnoredLines++;
            return;
        }

        DataRows++;
        _rowsSinceTrailer++;
        Keep(section.Carry);
        if (Profile.Trailer is { SumOf: { } of } trailer && of.Evaluate(_row) is { } text && FieldReader.TryDecimal(text, trailer.SumFormat, out var value, out _))
        {
            _sumSinceTrailer += value;
        }

        var before = _lines.Count;
        var entries = section.Lines.Count;
        foreach (var mapping in section.Lines)
        {
            if (mapping.When is null || mapping.When.Holds(_row))
            {
                _builder.Build(_row, mapping, suffix: entries > 1 && !mapping.OwnsKey, _lines);
                _row.Layout = LayoutOf(section);
            }
        }

        if (_lines.Count == before)
        {
            IgnoredLines++;
        }
    }

    private LineError? CheckTrailer(TrailerRule trailer)
    {
        _trailerSeen = true;
        var since = _trailerChecks.Count == 0 ? "since the start" : "since the previous trailer";
        var problems = new List<string>();
        var said = new List<string>();
        if (trailer.Count is { } countValue)
        {
            var text = countValue.Evaluate(_row);
            if (text is null || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var announced))
            {
                problems.Add($"its record count ({countValue.Describe()}) '{LineError.Echo(text)}' is not a whole number");
            }
            else if (announced != _rowsSinceTrailer)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"it announces {announced} records, {_rowsSinceTrailer} were read {since}"));
            }
            else
            {
                said.Add(string.Create(CultureInfo.InvariantCulture, $"{announced} records"));
            }
        }

        if (trailer.SumIs is { } sumValue)
        {
            var text = sumValue.Evaluate(_row);
            var scale = trailer.SumFormat.Scale == AmountScale.Implied ? trailer.SumFormat.ImpliedDecimals : 0;
            if (text is null || !FieldReader.TryDecimal(text, trailer.SumFormat, out var announced, out _))
            {
                problems.Add($"its total ({sumValue.Describe()}) '{LineError.Echo(text)}' is not a number");
            }
            else if (announced != _sumSinceTrailer)
            {
                problems.Add($"it announces a total of {Scaled(announced, scale)} for {trailer.SumOf!.Describe()}, the rows read {since} add up to {Scaled(_sumSinceTrailer, scale)}");
            }
            else
            {
                said.Add($"total {Scaled(announced, scale)}");
            }
        }

        _trailerChecks.Add(problems.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"line {_row.LineNumber}: {string.Join(", ", said.DefaultIfEmpty("present"))} — as read")
            : string.Create(CultureInfo.InvariantCulture, $"line {_row.LineNumber}: {string.Join("; ", problems)}"));
        _rowsSinceTrailer = 0;
        _sumSinceTrailer = 0;
        return problems.Count == 0
            ? null
            : LineError.Of(_row.LineNumber, null, null, $"trailer does not agree with the data: {string.Join("; ", problems)}; the file may be incomplete");
    }

    private static string Scaled(decimal value, int decimals)
    {
        var scaled = value;
        for (var i = 0; i < decimals; i++)
        {
            scaled /= 10;
        }

        return scaled.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The file's rows with their cells (delimited) or their text (fixed-width), and the malformed rows found before each.</summary>
    private async IAsyncEnumerable<(long Line, string[] Cells, string Text, IReadOnlyList<LineError> Malformed)> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Profile.FixedWidth)
        {
            using var text = new StreamReader(_bounded, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            long number = 0;
            while (await text.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                yield return (number, [], line.TrimEnd('\r'), []);
            }

            yield break;
        }

        await using var reader = CsvReader.Create(_bounded, ReaderOptions(Profile.Delimiter, _malformed.Enqueue), leaveOpen: true);
        long lastLine = 0;
        while (true)
        {
            var (more, fatal) = await CsvRecordStep.NextAsync(reader, lastLine, cancellationToken);
            var malformed = new List<LineError>();
            while (_malformed.TryDequeue(out var record))
            {
                malformed.Add(_bounded.TakeCut(record.LineNumber, out _)
                    ? LineError.Of(record.LineNumber, null, null, FieldMessages.TooLong("a field", _options.MaxFieldLength))
                    : LineError.Of(record.LineNumber, null, record.RawRecord, $"malformed CSV line: {record.Reason}"));
            }

            if (!more)
            {
                if (fatal is not null)
                {
                    malformed.Add(fatal);
                }

                if (malformed.Count > 0)
                {
                    yield return (0, [], string.Empty, malformed);
                }

                yield break;
            }

            lastLine = reader.LineNumber;
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            yield return (lastLine, cells, string.Empty, malformed);
        }
    }

    internal static CsvReaderOptions ReaderOptions(char separator, Action<CsvMalformedRecord>? onMalformed = null) => new()
    {
        Separator = separator,
        HasHeader = false,
        AllowLineBreaksInQuotes = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        OnMalformedRecord = onMalformed,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        DetectSeparatorHint = false,
    };
}
