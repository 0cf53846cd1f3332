using System.Globalization;
using NodaTime;

namespace Settlement.Worker.DropFolder;

/// <summary>
/// Moves taken files out of the inbox: to <c>archive/&lt;date&gt;/</c> when processed (or a duplicate), to
/// <c>quarantine/</c> with <c>&lt;name&gt;.error.txt</c> beside it when the file cannot be read at all. A name
/// already present at the destination is never overwritten: the file id is added to the new name.
/// </summary>
public sealed class FileMover(string archive, string quarantine)
{
    /// <summary>
    /// Moves the file (and its <c>.done</c> marker, if any) into the archive folder of the day; returns the new
    /// path. With <paramref name="keepOriginal"/> (files named on the command line) a copy is archived instead.
    /// </summary>
    public string Archive(string path, LocalDate businessDate, long fileId, bool keepOriginal = false)
    {
        var folder = Path.Combine(archive, businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return MoveTo(path, folder, fileId, keepOriginal);
    }

    /// <summary>Moves (or copies) the file to quarantine and writes why beside it; returns the new path.</summary>
    public string Quarantine(string path, long fileId, string reason, bool keepOriginal = false)
    {
        var target = MoveTo(path, quarantine, fileId, keepOriginal);
        File.WriteAllText(target + ".error.txt", reason.TrimEnd() + Environment.NewLine);
        return target;
    }

    private static string MoveTo(string path, string folder, long fileId, bool keepOriginal)
    {
        Directory.CreateDirectory(folder);
        var name = Path.GetFileName(path);
        var target = Path.Combine(folder, name);
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}.{fileId.ToString(CultureInfo.InvariantCulture)}{Path.GetExtension(name)}");
        }

        if (keepOriginal)
        {
            File.Copy(path, target, overwrite: false);
            return target;
        }

        File.Move(path, target, overwrite: false);
        var marker = path + DropFolderOptions.DoneMarkerSuffix;
        if (File.Exists(marker))
        {
            File.Delete(marker);
        }

        return target;
    }
}
