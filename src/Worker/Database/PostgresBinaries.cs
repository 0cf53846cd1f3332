using System.Globalization;

namespace Settlement.Worker.Database;

/// <summary>Where <c>initdb</c> and <c>pg_ctl</c> are.</summary>
internal sealed record PostgresBinaries(string BinDirectory)
{
    // Debian and Ubuntu install server programs per major version here, and put only the client tools on PATH.
    private const string DebianRoot = "/usr/lib/postgresql";

    public string Initdb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>The given folder if any; else the folder on PATH holding both programs; else the highest version under <c>/usr/lib/postgresql/*/bin</c>.</summary>
    /// <exception cref="PostgresBinariesNotFoundException">None of those places has them.</exception>
    public static PostgresBinaries Locate(string? binDirectory)
    {
        if (binDirectory is not null)
        {
            var full = Path.GetFullPath(binDirectory);
            return HasBoth(full)
                ? new PostgresBinaries(full)
                : throw new PostgresBinariesNotFoundException(
                    $"PostgreSQL server binaries (initdb, pg_ctl) were not found in {full} (the configured BinDirectory): point it at the folder holding them, or leave it unset to search PATH and /usr/lib/postgresql/*/bin.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasBoth);
        if (onPath is not null)
        {
            return new PostgresBinaries(Path.GetFullPath(onPath));
        }

        var versioned = Directory.Exists(DebianRoot)
            ? Directory.EnumerateDirectories(DebianRoot)
                .Select(version => (Version: ParseVersion(Path.GetFileName(version)), Bin: Path.Combine(version, "bin")))
                .Where(candidate => candidate.Version is not null && HasBoth(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
        return versioned is not null ? new PostgresBinaries(versioned) : throw new PostgresBinariesNotFoundException();
    }

    private static bool HasBoth(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    // Folder names are major versions ("15", "16"); "9.6" style names of old releases parse too.
    private static decimal? ParseVersion(string name) =>
        decimal.TryParse(name, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) ? version : null;
}
