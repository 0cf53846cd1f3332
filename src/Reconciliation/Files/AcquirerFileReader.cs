using System.Text;
using CsvHelper;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// The one way a file is opened: a canonical file when its first line is a canonical header, else the
/// format profile whose header columns it has, else the canonical reader's rejection (unknown header, …).
/// </summary>
public static class AcquirerFileReader
{
    /// <summary>
    /// Recognises <paramref name="stream"/> from its first block and opens it; the stream must stay open
    /// until the returned file is disposed (it is not disposed with it).
    /// </summary>
    public static async ValueTask<Result<IAcquirerFile, FileRejection>> OpenAsync(Stream stream, IReadOnlyList<FormatProfile> profiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(profiles);
        var (block, atEnd, rejection) = await FileSniffer.SniffAsync(stream, cancellationToken);
        if (rejection is not null)
        {
            return rejection;
        }

        var input = new SniffedStream(block, stream, atEnd);
        if (!StartsWithCanonicalHeader(block) && ProfileRecognizer.Find(block, atEnd, profiles) is { } profile)
        {
            var profiled = await ProfiledFileReader.OpenAsync(input, profile, cancellationToken);
            return profiled.TryGetValue(out var file, out var profileRejection) ? file : profileRejection;
        }

        // The canonical reader sniffs again: it reads the same first block back from the replaying stream.
        var canonical = await CanonicalFileReader.OpenAsync(input, cancellationToken);
        return canonical.TryGetValue(out var canonicalFile, out var canonicalRejection) ? canonicalFile : canonicalRejection;
    }

    private static bool StartsWithCanonicalHeader(byte[] block)
    {
        var span = block.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        var end = span.IndexOfAny((byte)'\n', (byte)'\r');
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(end < 0 ? span : span[..end]), new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Recover });
        return reader.Read() && FileKindRecognizer.Recognize(ProfileRecognizer.Cells(reader)).IsSuccess;
    }
}
