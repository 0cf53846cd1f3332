using System.Runtime.CompilerServices;
using CsvHelper;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A report read through a <see cref="FormatProfile"/>: the same canonical lines and line errors as a
/// canonical file of the profile's kind, read as a stream. Blank lines are skipped; a trailer line ends
/// the data; rows of an ignored type or record are counted in <see cref="IgnoredLines"/>.
/// </summary>
public sealed class ProfiledFile : IAcquirerFile
{
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private CsvReader _reader = null!;
    private ProfiledLineMapper _mapper = null!;
    private bool _started;

    internal ProfiledFile(FormatProfile profile) => Profile = profile;

    public FormatProfile Profile { get; }

    public FileKind Kind => Profile.FileKind;

    public string Source => Profile.Name;

    public long IgnoredLines { get; private set; }

    /// <summary>The header's column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    internal void OnMalformed(CsvMalformedRecord record) => _malformed.Enqueue(record);

    internal void Start(string[] header, CsvReader reader, ProfiledLineMapper mapper)
    {
        Columns = header;
        _reader = reader;
        _mapper = mapper;
        _malformed.Clear();
    }

    public async IAsyncEnumerable<Result<CanonicalLine, LineError>> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("the lines of a file can be read once");
        }

        _started = true;
        long lastLine = 0;
        while (true)
        {
            var (more, fatal) = await CsvRecordStep.NextAsync(_reader, lastLine, cancellationToken);

            while (_malformed.TryDequeue(out var record))
            {
                yield return LineError.Of(record.LineNumber, null, record.RawRecord, $"malformed CSV line: {record.Reason}");
            }

            if (!more)
            {
                if (fatal is not null)
                {
                    yield return fatal;
                }

                yield break;
            }

            lastLine = _reader.LineNumber;
            if (IsBlank())
            {
                continue;
            }

            if (_mapper.IsTrailer(_reader))
            {
                // A trailer (or the preamble repeated at the end) closes the report; what follows is not data.
                yield break;
            }

            var mapped = _mapper.Map(_reader, lastLine);
            if (mapped is { } result)
            {
                yield return result;
            }
            else
            {
                IgnoredLines++;
            }
        }
    }

    public ValueTask DisposeAsync() => _reader?.DisposeAsync() ?? ValueTask.CompletedTask;

    private bool IsBlank()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            if (!_reader.IsEmpty(i) && !string.IsNullOrWhiteSpace(_reader.GetString(i)))
            {
                return false;
            }
        }

        return true;
    }
}
