using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// An open canonical file whose kind is known: its lines are read once, as a stream, each one either
/// a validated <see cref="CanonicalLine"/> or a <see cref="LineError"/>; a bad line never stops the
/// lines after it. Created by <see cref="CanonicalFileReader.OpenAsync(Stream, FileReadOptions, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Quoting: the reader ends every record at a line break, so that one unbalanced quote cannot swallow
/// the rest of the file. A line whose quoted field runs over the line break is then joined with the
/// lines after it until the quotes balance (an RFC 4180 field with an embedded line break, read with
/// LF as its line break); if they do not balance into one well-formed record within
/// <see cref="MaxJoinedLines"/> lines, the first line is reported as an unbalanced quote and the
/// others are read on their own.
/// </para>
/// <para>One <see cref="LineError"/> per rejected line: the first problem found on it.</para>
/// </remarks>
public sealed class CanonicalFile : IAcquirerFile
{
    /// <summary>How many physical lines one record may span through a quoted field.</summary>
    public const int MaxJoinedLines = 50;

    private const int MaxJoinedChars = 1 << 20;

    private readonly SniffedStream _input;
    private readonly FileReadOptions _options;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly Queue<Result<CanonicalLine, LineError>> _output = new();
    private CsvReader _reader = null!;
    private CanonicalLineMapper _mapper = null!;
    private List<(long Line, string Raw)>? _pending;
    private int _pendingQuotes;
    private int _pendingChars;
    private (LineError Error, int Fields)? _shortLine;
    private bool _started;

    internal CanonicalFile(SniffedStream input, FileReadOptions options)
    {
        _input = input;
        _options = options;
        Bounded = new BoundedRecordStream(input, BoundedRecordStream.LimitFor(options.MaxFieldLength), ',', quote: null);
    }

    /// <summary>The input as the CSV reader sees it: records longer than the limit cut (their lines are reported).</summary>
    internal BoundedRecordStream Bounded { get; }

    public FileKind Kind { get; private set; }

    public string Source => CanonicalFormats.Source;

    public string Recognition => $"canonical {CanonicalFormats.For(Kind).Name}: the header names its {CanonicalFormats.For(Kind).RequiredColumns.Count} required columns";

    /// <summary>Always 0: every line of a canonical file is data.</summary>
    public long IgnoredLines => 0;

    /// <summary>The header's column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    internal CsvReaderOptions ReaderOptions() => new()
    {
        Separator = ',',
        HasHeader = true,
        AllowLineBreaksInQuotes = false,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Skip,
        OnMalformedRecord = _malformed.Enqueue,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        DetectSeparatorHint = false,
        PoolStrings = true,
        // Large reads: each read of a file is a thread-pool hop on Linux, so fewer, bigger reads parse faster.
        BufferSize = 1 << 20,
    };

    internal void Start(FileKind kind, string[] header, CsvReader reader)
    {
        Kind = kind;
        Columns = header;
        _reader = reader;
        _mapper = new CanonicalLineMapper(kind, header, _options.MaxFieldLength, _options.File.BatchId);
    }

    /// <summary>The lines after the header, in file order; can be enumerated once.</summary>
    public async IAsyncEnumerable<Result<CanonicalLine, LineError>> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("the lines of a file can be read once");
        }

        _started = true;
        long lastLine = 1;
        while (true)
        {
            var (more, fatal) = await CsvRecordStep.NextAsync(_reader, lastLine, cancellationToken);

            while (_malformed.TryDequeue(out var record))
            {
                OnMalformed(record);
            }

            while (_output.TryDequeue(out var queued))
            {
                yield return queued;
            }

            if (!more)
            {
                Finish();
                while (_output.TryDequeue(out var queued))
                {
                    yield return queued;
                }

                if (fatal is not null)
                {
                    yield return fatal;
                }

                yield break;
            }

            lastLine = _reader.LineNumber;
            if (Bounded.AnyCut && Bounded.TakeCut(lastLine, out var fieldIndex))
            {
                var column = fieldIndex < Columns.Count ? Columns[fieldIndex] : string.Create(CultureInfo.InvariantCulture, $"field {fieldIndex + 1}");
                Emit(LineError.Of(lastLine, column, null, Fields.FieldMessages.TooLong(column, _options.MaxFieldLength)));
                while (_output.TryDequeue(out var queued))
                {
                    yield return queued;
                }

                continue;
            }

            if (_pending is not null || _shortLine is not null)
            {
                if (_pending is not null)
                {
                    AppendPending(lastLine, Encoding.UTF8.GetString(_reader.RawRecord));
                }
                else
                {
                    Emit(_mapper.Map(_reader, lastLine));
                }

                while (_output.TryDequeue(out var queued))
                {
                    yield return queued;
                }
            }
            else
            {
                yield return _mapper.Map(_reader, lastLine);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        await Bounded.DisposeAsync();
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        if (Bounded.AnyCut && Bounded.TakeCut(record.LineNumber, out var fieldIndex))
        {
            var column = fieldIndex < Columns.Count ? Columns[fieldIndex] : string.Create(CultureInfo.InvariantCulture, $"field {fieldIndex + 1}");
            Emit(LineError.Of(record.LineNumber, column, null, Fields.FieldMessages.TooLong(column, _options.MaxFieldLength)));
            return;
        }

        if (_pending is not null)
        {
            AppendPending(record.LineNumber, record.RawRecord);
            return;
        }

        if (record.Reason == CsvMalformedReason.LineBreakInQuotes)
        {
            _pending = [];
            _pendingQuotes = 0;
            _pendingChars = 0;
            AppendPending(record.LineNumber, record.RawRecord);
            return;
        }

        ReportMalformed(record.LineNumber, record.RawRecord, record.Reason);
    }

    private void ReportMalformed(long line, string raw, CsvMalformedReason reason)
    {
        if (reason == CsvMalformedReason.FieldCountMismatch)
        {
            var fields = CountFields(raw);
            var error = LineError.Of(
                line,
                null,
                raw,
                string.Create(CultureInfo.InvariantCulture, $"line has {fields} field{(fields == 1 ? string.Empty : "s")}; the header has {_mapper.ColumnCount}"));
            if (fields < _mapper.ColumnCount)
            {
                // Held until the next line: if none follows and the file has no final line break, it was cut off.
                FlushShortLine();
                _shortLine = (error, fields);
            }
            else
            {
                Emit(error);
            }

            return;
        }

        Emit(LineError.Of(line, null, raw, reason switch
        {
            CsvMalformedReason.StrayQuote => "unbalanced quote: a '\"' inside an unquoted field",
            CsvMalformedReason.TextAfterClosingQuote => "unbalanced quote: text after the closing quote of a quoted field",

            // Records end at line breaks, so an unterminated quote is only found where the input ends.
            CsvMalformedReason.UnterminatedQuote when !_input.EndsWithLineBreak => "truncated last line: a quoted field is not closed when the file ends",
            _ => "unbalanced quote: a quoted field is not closed",
        }));
    }

    private void Emit(Result<CanonicalLine, LineError> result)
    {
        FlushShortLine();
        _output.Enqueue(result);
    }

    private void FlushShortLine()
    {
        if (_shortLine is { } shortLine)
        {
            _shortLine = null;
            _output.Enqueue(shortLine.Error);
        }
    }

    private void AppendPending(long line, string raw)
    {
        _pending!.Add((line, raw));
        _pendingQuotes += raw.AsSpan().Count('"');
        _pendingChars += raw.Length;
        if (_pendingQuotes % 2 == 0)
        {
            JoinPending();
        }
        else if (_pending.Count >= MaxJoinedLines || _pendingChars >= MaxJoinedChars)
        {
            FlushPending("unbalanced quote: the quoted field opened on this line is not closed");
        }
    }

    private void JoinPending()
    {
        var joined = string.Join('\n', _pending!.Select(entry => entry.Raw));
        var first = _pending![0].Line;
        if (TryParseAlone(joined, allowLineBreaks: true, out var reader, out _))
        {
            using (reader)
            {
                if (reader.FieldCount == _mapper.ColumnCount)
                {
                    _pending = null;
                    Emit(_mapper.Map(reader, first));
                    return;
                }
            }
        }

        FlushPending("unbalanced quote: the quoted field opened on this line is not closed where the next quote is");
    }

    private void FlushPending(string reason)
    {
        var lines = _pending!;
        _pending = null;
        Emit(LineError.Of(lines[0].Line, null, lines[0].Raw, reason));
        foreach (var (line, raw) in lines.Skip(1))
        {
            if (!TryParseAlone(raw, allowLineBreaks: false, out var reader, out var malformed))
            {
                // Read alone, a line ends where its text does: that is not the end of the file.
                ReportMalformed(line, raw, malformed == CsvMalformedReason.UnterminatedQuote ? CsvMalformedReason.LineBreakInQuotes : malformed);
                continue;
            }

            using (reader)
            {
                if (reader.FieldCount != _mapper.ColumnCount)
                {
                    ReportMalformed(line, raw, CsvMalformedReason.FieldCountMismatch);
                }
                else
                {
                    Emit(_mapper.Map(reader, line));
                }
            }
        }
    }

    private void Finish()
    {
        if (_pending is not null)
        {
            FlushPending(_input.EndsWithLineBreak
                ? "unbalanced quote: the quoted field opened on this line is never closed"
                : "truncated last line: a quoted field is not closed when the file ends");
        }

        if (_shortLine is { } shortLine)
        {
            _shortLine = null;
            _output.Enqueue(_input.EndsWithLineBreak
                ? shortLine.Error
                : shortLine.Error with
                {
                    Reason = string.Create(
                        CultureInfo.InvariantCulture,
                        $"truncated last line: {shortLine.Fields} of {_mapper.ColumnCount} fields and no line break at the end of the file"),
                });
        }
    }

    /// <summary>Parses one record held in memory: the reader positioned on it, or null with the reason it is malformed.</summary>
    private static bool TryParseAlone(string text, bool allowLineBreaks, [NotNullWhen(true)] out CsvReader? reader, out CsvMalformedReason malformed)
    {
        CsvMalformedReason? found = null;
        reader = CsvReader.FromText(text, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            AllowLineBreaksInQuotes = allowLineBreaks,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record => found ??= record.Reason,
            IncludeValuesInExceptions = false,
            TrimWhitespace = true,
        });
        var read = reader.Read();
        malformed = found ?? CsvMalformedReason.UnterminatedQuote;
        if (!read || found is not null)
        {
            reader.Dispose();
            reader = null;
            return false;
        }

        return true;
    }

    private static int CountFields(string raw)
    {
        using var reader = CsvReader.FromText(raw, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            IncludeValuesInExceptions = false,
        });
        return reader.Read() ? reader.FieldCount : 0;
    }
}
