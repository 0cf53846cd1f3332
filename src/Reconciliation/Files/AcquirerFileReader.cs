using System.Text;
using CsvHelper;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// The one way a file is opened: a canonical file when its first line is a canonical header, else the format profile
/// that fits it, else a rejection that names the nearest candidates and what each lacks.
/// </summary>
public static class AcquirerFileReader
{
    /// <summary>Opens <paramref name="stream"/> with <paramref name="profiles"/> and the default limits.</summary>
    public static ValueTask<Result<IAcquirerFile, FileRejection>> OpenAsync(Stream stream, IReadOnlyList<FormatProfile> profiles, CancellationToken cancellationToken = default) =>
        OpenAsync(stream, new FileReadOptions { Profiles = profiles ?? throw new ArgumentNullException(nameof(profiles)) }, cancellationToken);

    /// <summary>
    /// Recognises <paramref name="stream"/> from its first block and opens it; the stream must stay open until the
    /// returned file is disposed (it is not disposed with it).
    /// </summary>
    public static async ValueTask<Result<IAcquirerFile, FileRejection>> OpenAsync(Stream stream, FileReadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var (block, atEnd, rejection) = await FileSniffer.SniffAsync(stream, cancellationToken);
        if (rejection is not null)
        {
            return rejection;
        }

        var input = new SniffedStream(block, stream, atEnd);
        var firstLine = FirstLine(block);
        if (FileKindRecognizer.Recognize(firstLine).IsSuccess)
        {
            return await OpenCanonicalAsync(input, options, cancellationToken);
        }

        var recognition = FormatRecognizer.Recognize(block, atEnd, options);
        if (recognition.Profile is { } profile)
        {
            return new ProfiledFile(profile, input, options, recognition.Why);
        }

        if (recognition.Rejection!.Reason != FileRejectionReason.ProfileUnloadable && IsNearlyCanonical(firstLine))
        {
            // Most of a canonical kind's columns: the canonical reader says exactly which ones are missing.
            return await OpenCanonicalAsync(input, options, cancellationToken);
        }

        return recognition.Rejection;
    }

    private static async ValueTask<Result<IAcquirerFile, FileRejection>> OpenCanonicalAsync(SniffedStream input, FileReadOptions options, CancellationToken cancellationToken)
    {
        // The canonical reader sniffs again: it reads the same first block back from the replaying stream.
        var canonical = await CanonicalFileReader.OpenAsync(input, options, cancellationToken);
        return canonical.TryGetValue(out var file, out var rejection) ? file : rejection;
    }

    private static bool IsNearlyCanonical(string[] header) =>
        !FileKindRecognizer.Recognize(header).TryGetValue(out _, out var mismatch)
        && mismatch.MatchedColumns * 2 >= CanonicalFormats.For(mismatch.NearestKind).RequiredColumns.Count;

    private static string[] FirstLine(byte[] block)
    {
        var span = block.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        var end = span.IndexOfAny((byte)'\n', (byte)'\r');
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(end < 0 ? span : span[..end]), new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Recover });
        if (!reader.Read())
        {
            return [];
        }

        var cells = new string[reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = reader.GetString(i);
        }

        return cells;
    }
}
