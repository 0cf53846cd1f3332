namespace Settlement.Worker.Database;

/// <summary>
/// Checks, before the work starts, that a folder the worker keeps its files in can be used, so that one it cannot
/// use is told in one line naming the folder and its setting, not as a stack trace from deep inside.
/// </summary>
public static class FolderAccess
{
    /// <summary>Creates <paramref name="path"/> if needed and proves it can be listed and written.</summary>
    /// <exception cref="FolderAccessException">The folder cannot be used; the message names it and <paramref name="setting"/>.</exception>
    public static void EnsureUsable(string path, string setting) => Try(path, setting, () =>
    {
        Directory.CreateDirectory(path);
        // Listing needs read permission on the folder; creating a file needs write and search permission.
        _ = Directory.EnumerateFileSystemEntries(path).Any();
        using var probe = new FileStream(
            Path.Combine(path, $".settlement-access-check-{Environment.ProcessId}"),
            FileMode.CreateNew,
            FileAccess.Write,
            FileShare.None,
            bufferSize: 1,
            FileOptions.DeleteOnClose);
    });

    /// <summary>Creates <paramref name="path"/> if needed, and no more.</summary>
    /// <exception cref="FolderAccessException">The folder cannot be created; the message names it and <paramref name="setting"/>.</exception>
    public static void Create(string path, string setting) => Try(path, setting, () => Directory.CreateDirectory(path));

    private static void Try(string path, string setting, Action use)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            use();
        }
        catch (UnauthorizedAccessException)
        {
            throw new FolderAccessException(path, setting, "permission denied");
        }
        catch (IOException failure)
        {
            throw new FolderAccessException(path, setting, failure.Message);
        }
    }
}
