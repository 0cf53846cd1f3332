namespace Settlement.Reconciliation.RemoteSources;

/// <summary>Opens a session on a configured source's server, its host key checked against the pinned one.</summary>
public interface IRemoteFolderConnector
{
    /// <exception cref="RemoteSourceException">The server is unreachable, refuses the credentials, or shows another host key.</exception>
    Task<IRemoteFolder> ConnectAsync(string source, CancellationToken cancellationToken);
}
