using CsvHelper;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Opens a canonical file (docs/formats.md) from a stream: checks that it is UTF-8 CSV text, reads the
/// header and recognises the kind, or says why the file cannot be read at all.
/// </summary>
public static class CanonicalFileReader
{
    /// <summary>
    /// Reads the first block and the header of <paramref name="stream"/>. On success the returned
    /// <see cref="CanonicalFile"/> streams the lines; the stream must stay open until it is disposed
    /// (it is not disposed with it). A header with no lines is a file of 0 lines, not a rejection.
    /// </summary>
    public static async ValueTask<Result<CanonicalFile, FileRejection>> OpenAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (block, atEnd, rejection) = await FileSniffer.SniffAsync(stream, cancellationToken);
        if (rejection is not null)
        {
            return rejection;
        }

        var input = new SniffedStream(block, stream, atEnd);
        var file = new CanonicalFile(input);
        var reader = CsvReader.Create(input, file.ReaderOptions(), leaveOpen: true);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var header = reader.Headers.Select(name => name.Trim()).ToArray();
            var headerRejection = CheckHeader(header, out var kind);
            if (headerRejection is not null)
            {
                await reader.DisposeAsync();
                return headerRejection;
            }

            file.Start(kind, header, reader);
            return file;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    private static FileRejection? CheckHeader(string[] header, out FileKind kind)
    {
        kind = default;
        if (header.Length == 0 || header.All(string.IsNullOrEmpty))
        {
            return new FileRejection(FileRejectionReason.Empty, "file has no header");
        }

        if (header.Length == 1)
        {
            foreach (var (delimiter, name) in new[] { (';', "';'"), ('\t', "tab"), ('|', "'|'") })
            {
                if (header[0].Contains(delimiter, StringComparison.Ordinal))
                {
                    return new FileRejection(FileRejectionReason.WrongDelimiter, $"header uses {name} as delimiter; canonical files use ','");
                }
            }
        }

        if (!FileKindRecognizer.Recognize(header).TryGetValue(out kind, out var mismatch))
        {
            var format = CanonicalFormats.For(mismatch.NearestKind);

            // Most of a kind's columns present: a known kind with columns missing, not a foreign file.
            return mismatch.MatchedColumns * 2 >= format.RequiredColumns.Count
                ? new FileRejection(
                    FileRejectionReason.MissingRequiredColumn,
                    $"{format.Name} header lacks required column{(mismatch.MissingColumns.Count > 1 ? "s" : string.Empty)} {string.Join(", ", mismatch.MissingColumns)}")
                : new FileRejection(FileRejectionReason.UnknownHeader, mismatch.Message);
        }

        var oneOf = kind switch
        {
            FileKind.Chargebacks => new[] { "payment_id", "merchant_transaction_id", "arn" },
            FileKind.FinalAmounts => ["payment_id", "merchant_transaction_id"],
            _ => [],
        };
        if (oneOf.Length > 0 && !oneOf.Any(column => header.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            return new FileRejection(
                FileRejectionReason.MissingRequiredColumn,
                $"{CanonicalFormats.For(kind).Name} header needs one of {string.Join(", ", oneOf)}");
        }

        return null;
    }
}
