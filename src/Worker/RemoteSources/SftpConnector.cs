using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;
using Settlement.Reconciliation.RemoteSources;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// Opens SFTP sessions with SSH.NET. The server's host key is checked against the configured fingerprint (or the one
/// pinned at the first connection, for a source that trusts on first use) before any credential is sent; a key
/// that differs ends the connection. Failures become <see cref="RemoteSourceException"/>s whose message names the
/// source's server and what to check, and never holds the password or key material.
/// </summary>
public sealed partial class SftpConnector(IOptions<RemoteSourcesOptions> options, RemoteFileStore store, ILogger<SftpConnector> logger) : IRemoteFolderConnector
{
    public async Task<IRemoteFolder> ConnectAsync(string source, CancellationToken cancellationToken)
    {
        if (!options.Value.Sources.TryGetValue(source, out var settings))
        {
            throw new RemoteSourceException(RemoteFailureKind.Unreachable, $"no source '{source}' is configured");
        }

        var server = $"{settings.User}@{settings.Host}:{settings.Port}";
        var pinned = await PinnedAsync(source, settings, cancellationToken);
        var authentication = Authentication(settings, server);
        var connection = new Renci.SshNet.ConnectionInfo(settings.Host!, settings.Port, settings.User!, authentication) { Timeout = settings.ConnectTimeout };
        var client = new SftpClient(connection) { OperationTimeout = settings.ConnectTimeout };
        HostKeyFingerprint? shown = null;
        client.HostKeyReceived += (_, key) =>
        {
            shown = HostKeyFingerprint.FromBase64(key.FingerPrintSHA256);
            key.CanTrust = pinned is null || pinned.Equals(shown);
        };

        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            if (pinned is not null && shown is not null && !pinned.Equals(shown))
            {
                throw new RemoteSourceException(
                    RemoteFailureKind.HostKeyMismatch,
                    $"{settings.Host}:{settings.Port} shows host key {shown}, not the pinned {pinned}: refused. The server's key changed or someone is in between; once the acquirer confirms a new key, set {SourceOptions.Section}:{source}:HostKeyFingerprint to it",
                    exception);
            }

            throw Describe(exception, server, settings);
        }

        if (pinned is null && shown is not null)
        {
            // Trust on first use: the first key seen is pinned for every instance; one that raced us to it wins.
            var kept = await store.PinHostKeyAsync(source, shown.ToString(), cancellationToken);
            LogPinned(logger, source, kept);
            if (kept != shown.ToString())
            {
                client.Dispose();
                throw new RemoteSourceException(RemoteFailureKind.HostKeyMismatch, $"{settings.Host}:{settings.Port} shows host key {shown}, not the {kept} pinned at its first connection: refused");
            }
        }

        return new SftpFolder(client, server);
    }

    private async Task<HostKeyFingerprint?> PinnedAsync(string source, SourceOptions settings, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.HostKeyFingerprint))
        {
            return HostKeyFingerprint.Parse(settings.HostKeyFingerprint).Value;
        }

        if (!settings.TrustOnFirstUse)
        {
            throw new RemoteSourceException(RemoteFailureKind.HostKeyMismatch, $"{SourceOptions.Section}:{source}:HostKeyFingerprint is not set and TrustOnFirstUse is off: no host key to trust");
        }

        return await store.PinnedHostKeyAsync(source, cancellationToken) is { } stored ? HostKeyFingerprint.Parse(stored).Value : null;
    }

    private static AuthenticationMethod[] Authentication(SourceOptions settings, string server)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrWhiteSpace(settings.PrivateKeyFile))
        {
            try
            {
                var key = string.IsNullOrEmpty(settings.PrivateKeyPassphrase)
                    ? new PrivateKeyFile(settings.PrivateKeyFile)
                    : new PrivateKeyFile(settings.PrivateKeyFile, settings.PrivateKeyPassphrase);
                methods.Add(new PrivateKeyAuthenticationMethod(settings.User, key));
            }
            catch (Exception exception) when (exception is SshException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The library's message is about the file's format, never its content.
                throw new RemoteSourceException(RemoteFailureKind.KeyRefused, $"cannot use the private key file {settings.PrivateKeyFile} for {server}: {exception.Message}", exception);
            }
        }

        if (!string.IsNullOrEmpty(settings.Password))
        {
            methods.Add(new PasswordAuthenticationMethod(settings.User, settings.Password));
        }

        return [.. methods];
    }

    private static RemoteSourceException Describe(Exception exception, string server, SourceOptions settings) => exception switch
    {
        SshAuthenticationException => new RemoteSourceException(
            RemoteFailureKind.KeyRefused,
            $"{server} refused the {(string.IsNullOrWhiteSpace(settings.PrivateKeyFile) ? "password" : $"key {settings.PrivateKeyFile}")}{(string.IsNullOrWhiteSpace(settings.PrivateKeyFile) || string.IsNullOrEmpty(settings.Password) ? string.Empty : " and the password")}: check the user and that the acquirer installed our public key",
            exception),
        SocketException socket => new RemoteSourceException(RemoteFailureKind.Unreachable, $"cannot connect to {settings.Host}:{settings.Port}: {socket.Message}", exception),
        SshOperationTimeoutException or TimeoutException or OperationCanceledException => new RemoteSourceException(
            RemoteFailureKind.Unreachable, $"{settings.Host}:{settings.Port} did not answer within {settings.ConnectTimeout}", exception),
        SshException or ProxyException or IOException => new RemoteSourceException(RemoteFailureKind.Unreachable, $"no SSH session with {server}: {exception.Message}", exception),
        _ => new RemoteSourceException(RemoteFailureKind.Unreachable, $"no SSH session with {server}: {exception.GetType().Name}: {exception.Message}", exception),
    };

    [LoggerMessage(EventId = LogEvents.RemoteSources.HostKeyPinned, Level = LogLevel.Warning, Message = "Source {Source}: trusting on first use, host key {HostKey} is pinned")]
    private static partial void LogPinned(ILogger logger, string source, string hostKey);
}
