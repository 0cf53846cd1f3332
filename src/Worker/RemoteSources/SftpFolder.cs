using System.Net.Sockets;
using NodaTime;
using Renci.SshNet;
using Renci.SshNet.Common;
using Settlement.Reconciliation.RemoteSources;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// An SSH.NET SFTP session as a remote folder. A missing path is a <see cref="FileNotFoundException"/>, a refused one
/// an <see cref="UnauthorizedAccessException"/> (both about one file); a broken session is a
/// <see cref="RemoteSourceException"/> (about the source), also when it breaks in the middle of a read.
/// </summary>
internal sealed class SftpFolder(SftpClient client, string server) : IRemoteFolder
{
    public async Task<IReadOnlyList<RemoteEntry>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var entries = new List<RemoteEntry>();
        try
        {
            await foreach (var file in client.ListDirectoryAsync(folder, cancellationToken))
            {
                if (file.IsRegularFile)
                {
                    entries.Add(new RemoteEntry(file.Name, file.Length, Instant.FromDateTimeUtc(DateTime.SpecifyKind(file.LastWriteTimeUtc, DateTimeKind.Utc))));
                }
            }
        }
        catch (SftpPathNotFoundException exception)
        {
            // The folder itself: nothing of the source can be fetched, which is the source's failure, not a file's.
            throw new RemoteSourceException(RemoteFailureKind.Unreachable, $"{server} has no folder {folder}", exception);
        }
        catch (SftpPermissionDeniedException exception)
        {
            throw new RemoteSourceException(RemoteFailureKind.Unreachable, $"{server} does not let us list {folder}: {exception.Message}", exception);
        }
        catch (Exception exception) when (IsSessionFailure(exception))
        {
            throw Broken(exception);
        }

        return entries;
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        new SessionStream(await RunAsync(path, () => client.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)), this);

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) => RunAsync(path, () => client.ExistsAsync(path, cancellationToken));

    public async Task RenameAsync(string path, string newPath, CancellationToken cancellationToken) =>
        await RunAsync(path, async () =>
        {
            await client.RenameFileAsync(path, newPath, cancellationToken);
            return true;
        });

    public async Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        await RunAsync(path, async () =>
        {
            await client.DeleteFileAsync(path, cancellationToken);
            return true;
        });

    public ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                client.Disconnect();
            }
        }
        catch (Exception exception) when (IsSessionFailure(exception))
        {
            // Already broken: nothing to close.
        }

        client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> RunAsync<T>(string path, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (SftpPathNotFoundException exception)
        {
            throw new FileNotFoundException($"{server} has no file {path}", path, exception);
        }
        catch (SftpPermissionDeniedException exception)
        {
            throw new UnauthorizedAccessException($"{server} refused {path}: {exception.Message}", exception);
        }
        catch (Exception exception) when (IsSessionFailure(exception))
        {
            throw Broken(exception);
        }
    }

    private static bool IsSessionFailure(Exception exception) =>
        exception is SshConnectionException or SshOperationTimeoutException or SocketException or ObjectDisposedException
        || (exception is SshException && exception is not SftpPathNotFoundException and not SftpPermissionDeniedException);

    private RemoteSourceException Broken(Exception exception) =>
        new(RemoteFailureKind.Unreachable, $"the SSH session with {server} broke: {exception.Message}", exception);

    /// <summary>A remote file being read; a session that breaks mid-read is the source's failure.</summary>
    private sealed class SessionStream(Stream inner, SftpFolder folder) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception exception) when (IsSessionFailure(exception))
            {
                throw folder.Broken(exception);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            catch (Exception exception) when (IsSessionFailure(exception))
            {
                // Closing a handle on a broken session: the read already told.
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    inner.Dispose();
                }
                catch (Exception exception) when (IsSessionFailure(exception))
                {
                    // As above.
                }
            }

            base.Dispose(disposing);
        }
    }
}
