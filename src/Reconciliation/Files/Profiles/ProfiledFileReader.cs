using System.Globalization;
using CsvHelper;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>Opens a report with a given profile: finds its header past any preamble and checks the columns the profile needs.</summary>
public static class ProfiledFileReader
{
    /// <summary>
    /// Reads up to the header of <paramref name="stream"/> as <paramref name="profile"/> describes it. The stream
    /// must stay open until the returned file is disposed (it is not disposed with it).
    /// </summary>
    public static async ValueTask<Result<ProfiledFile, FileRejection>> OpenAsync(Stream stream, FormatProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(profile);
        var (block, atEnd, rejection) = await FileSniffer.SniffAsync(stream, cancellationToken);
        return rejection is not null ? rejection : await OpenAsync(new SniffedStream(block, stream, atEnd), profile, cancellationToken);
    }

    internal static async ValueTask<Result<ProfiledFile, FileRejection>> OpenAsync(SniffedStream input, FormatProfile profile, CancellationToken cancellationToken)
    {
        var file = new ProfiledFile(profile);
        var reader = CsvReader.Create(input, ProfileRecognizer.ReaderOptions(profile.Delimiter[0], file.OnMalformed), leaveOpen: true);
        try
        {
            var skipped = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                var cells = ProfileRecognizer.Cells(reader);
                if (skipped++ < profile.Header.SkipLines || !ProfileRecognizer.IsHeader(profile, cells))
                {
                    continue;
                }

                var header = cells.Select(cell => cell.Trim().TrimStart('\uFEFF')).ToArray();
                var mapper = new ProfiledLineMapper(profile, header);
                if (mapper.MissingColumns.Count > 0)
                {
                    await reader.DisposeAsync();
                    return new FileRejection(
                        FileRejectionReason.MissingRequiredColumn,
                        $"{profile.Name} header lacks column{(mapper.MissingColumns.Count > 1 ? "s" : string.Empty)} {string.Join(", ", mapper.MissingColumns)}");
                }

                file.Start(header, reader, mapper);
                return file;
            }

            await reader.DisposeAsync();
            return new FileRejection(
                FileRejectionReason.UnknownHeader,
                string.Create(CultureInfo.InvariantCulture, $"no {profile.Name} header (a line with {string.Join(", ", profile.Header.Columns)}) in the file"));
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }
}
