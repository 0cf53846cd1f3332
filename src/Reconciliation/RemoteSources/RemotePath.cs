namespace Settlement.Reconciliation.RemoteSources;

/// <summary>SFTP paths are POSIX paths whatever the worker's platform: joined with <c>/</c>, never with <see cref="Path"/>.</summary>
public static class RemotePath
{
    public static string Combine(string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(name);
        return folder.Length == 0 ? name : folder.EndsWith('/') ? folder + name : folder + "/" + name;
    }
}
