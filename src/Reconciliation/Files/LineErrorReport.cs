using System.Globalization;
using CsvHelper;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Writes the bad lines of a file as <c>&lt;name&gt;.errors.csv</c> (docs/ingestion.md): columns line, column,
/// value, reason. Every text value is card-masked and formula-guarded (<see cref="CsvFormulaGuard"/>),
/// because a person opens this file in a spreadsheet and its values come from someone else's file.
/// </summary>
public sealed class LineErrorReport : IDisposable, IAsyncDisposable
{
    private static readonly string[] Header = ["line", "column", "value", "reason"];

    private readonly CsvWriter _writer;
    private readonly string[] _fields = new string[4];

    private LineErrorReport(CsvWriter writer)
    {
        _writer = writer;
        _writer.WriteHeader(Header);
    }

    /// <summary>How many errors have been written.</summary>
    public long Count { get; private set; }

    /// <summary>"settlement-2026-11-20.csv" → "settlement-2026-11-20.errors.csv".</summary>
    public static string FileNameFor(string sourceFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceFileName);
        return Path.GetFileNameWithoutExtension(sourceFileName) + ".errors.csv";
    }

    /// <summary>A report written as UTF-8 to <paramref name="destination"/>; the header is written now.</summary>
    public static LineErrorReport Create(Stream destination, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new LineErrorReport(CsvWriter.Create(destination, Options, leaveOpen));
    }

    /// <summary>A report written to <paramref name="destination"/>; the header is written now.</summary>
    public static LineErrorReport Create(TextWriter destination, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new LineErrorReport(CsvWriter.Create(destination, Options, leaveOpen));
    }

    public void Add(LineError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _writer.WriteRecord(Fields(error));
        Count++;
    }

    public async ValueTask AddAsync(LineError error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await _writer.WriteRecordAsync(Fields(error), cancellationToken);
        Count++;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    public void Dispose() => _writer.Dispose();

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    // CsvHelper's own injection escaping stays on behind ours: a value that reaches the writer some
    // other way is still protected.
    private static CsvWriterOptions Options { get; } = new()
    {
        Separator = ',',
        Injection = CsvInjection.Escape,
        NewLine = "\n",
    };

    private string[] Fields(LineError error)
    {
        _fields[0] = error.LineNumber.ToString(CultureInfo.InvariantCulture);
        _fields[1] = Safe(error.Column);
        _fields[2] = Safe(error.Value);
        _fields[3] = Safe(error.Reason);
        return _fields;
    }

    private static string Safe(string? value) =>
        value is null ? string.Empty : CsvFormulaGuard.Neutralise(CardNumberMasker.Mask(value));
}
