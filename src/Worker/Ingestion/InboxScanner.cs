using NodaTime;
using Settlement.Worker.DropFolder;

namespace Settlement.Worker.Ingestion;

/// <summary>
/// Decides which files in the inbox are complete. Senders write files in place, or under a temporary
/// name they rename at the end, or with a <c>.done</c> marker; a file is taken only when it is known to be
/// whole: its size and modification time unchanged for <see cref="DropFolderOptions.StableFor"/>, or its
/// marker present when markers are required. Temporary names (<c>*.tmp</c>, <c>*.part</c>), hidden files and
/// the worker's own reports are never taken.
/// </summary>
public sealed class InboxScanner(string inbox, Duration stableFor, bool requireDoneMarker)
{
    private const string DoneMarkerSuffix = DropFolderOptions.DoneMarkerSuffix;

    private static readonly string[] IgnoredSuffixes = [".tmp", ".part", ".partial", ".crdownload", DoneMarkerSuffix, ".error.txt", ".errors.csv"];

    private readonly Dictionary<string, Observation> _observed = new(StringComparer.Ordinal);

    /// <summary>The files ready to be taken now, oldest first; call on every scan.</summary>
    public IReadOnlyList<string> ReadyFiles(Instant now)
    {
        if (!Directory.Exists(inbox))
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<(string Path, DateTime Modified)>();
        foreach (var file in new DirectoryInfo(inbox).EnumerateFiles())
        {
            if (IsIgnored(file.Name))
            {
                continue;
            }

            seen.Add(file.FullName);
            if (requireDoneMarker)
            {
                if (File.Exists(file.FullName + DoneMarkerSuffix))
                {
                    ready.Add((file.FullName, file.LastWriteTimeUtc));
                }

                continue;
            }

            var current = new Observation(file.Length, file.LastWriteTimeUtc, now);
            if (_observed.TryGetValue(file.FullName, out var previous) && previous.Length == current.Length && previous.Modified == current.Modified)
            {
                if (now - previous.Since >= stableFor)
                {
                    ready.Add((file.FullName, file.LastWriteTimeUtc));
                }
            }
            else
            {
                _observed[file.FullName] = current;
            }
        }

        foreach (var gone in _observed.Keys.Where(path => !seen.Contains(path)).ToList())
        {
            _observed.Remove(gone);
        }

        return ready.OrderBy(file => file.Modified).ThenBy(file => file.Path, StringComparer.Ordinal).Select(file => file.Path).ToList();
    }

    /// <summary>Forgets a file once it was taken (moved away), so a new file of the same name starts over.</summary>
    public void Forget(string path) => _observed.Remove(path);

    private static bool IsIgnored(string name) =>
        name.StartsWith('.') || IgnoredSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    private readonly record struct Observation(long Length, DateTime Modified, Instant Since);
}
