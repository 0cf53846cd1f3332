namespace Settlement.Reconciliation.Files;

/// <summary>
/// Replays the first block of a stream, which was read to check that the file is text, then reads on
/// from the stream itself; remembers whether the last byte read was a line break (to tell a truncated
/// last line from a short one). Does not own the inner stream.
/// </summary>
internal sealed class SniffedStream(ReadOnlyMemory<byte> prefix, Stream inner, bool innerAtEnd) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    private int _lastByte = prefix.IsEmpty ? -1 : prefix.Span[^1];

    /// <summary>Whether the input read so far ends with LF or CR (true for an empty input).</summary>
    public bool EndsWithLineBreak => _lastByte is -1 or '\n' or '\r';

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer, out var taken))
        {
            return taken;
        }

        return innerAtEnd ? 0 : Remember(buffer, inner.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span, out var taken))
        {
            return taken;
        }

        if (innerAtEnd)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Remember(buffer.Span, read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool TakePrefix(Span<byte> buffer, out int taken)
    {
        taken = 0;
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return false;
        }

        taken = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        return true;
    }

    private int Remember(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            _lastByte = buffer[read - 1];
        }

        return read;
    }
}
