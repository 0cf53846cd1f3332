using Microsoft.Extensions.Options;
using Settlement.Worker.Database;

namespace Settlement.Worker.DropFolder;

/// <summary>The drop folder's absolute paths, relative settings resolved under the data folder.</summary>
public sealed class DropFolderPaths(IOptions<DatabaseOptions> database, IOptions<DropFolderOptions> dropFolder, IOptions<FormatProfileOptions>? profiles = null)
{
    public string DataDirectory { get; } = Path.GetFullPath(database.Value.DataDirectory);

    public string Inbox => Resolve(dropFolder.Value.Inbox);

    public string Archive => Resolve(dropFolder.Value.Archive);

    public string Quarantine => Resolve(dropFolder.Value.Quarantine);

    /// <summary>The user's format profiles.</summary>
    public string Profiles => Resolve(profiles?.Value.Folder ?? new FormatProfileOptions().Folder);

    private string Resolve(string path) => Path.GetFullPath(path, DataDirectory);
}
