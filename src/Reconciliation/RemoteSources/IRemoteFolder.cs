namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// A connected session on a source's server (SFTP in the worker). Paths are the server's POSIX paths. Failures of
/// the session itself surface as <see cref="RemoteSourceException"/>; a missing file as <see cref="FileNotFoundException"/>.
/// </summary>
public interface IRemoteFolder : IAsyncDisposable
{
    /// <summary>The regular files of <paramref name="folder"/> (not its folders or links).</summary>
    Task<IReadOnlyList<RemoteEntry>> ListAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Opens a remote file to read it from the start.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Renames (moves) a file on the server; the target must not exist.</summary>
    Task RenameAsync(string path, string newPath, CancellationToken cancellationToken);

    Task DeleteAsync(string path, CancellationToken cancellationToken);
}
