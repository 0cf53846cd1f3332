using System.Buffers;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Passes a text file through to a CSV reader, cutting any record longer than a limit, so that memory stays
/// bounded whatever a file holds (a 200 MB field would otherwise be buffered whole by the reader, and stored).
/// </summary>
/// <remarks>
/// <para>
/// A record is a line, or — when <c>quote</c> is given — lines joined while a quoted field is open. Of a record
/// longer than the limit, the first <c>limit</c> bytes pass, then a closing quote if a quoted field is open, then
/// nothing until the record ends; there, the line breaks the record held are passed, so the reader's line numbers
/// stay those of the file (the extra ones read as blank lines). The cut is remembered by the record's first line
/// and the field it fell in, and the reader reports that line as an error (<see cref="TakeCut"/>): the lines
/// after it are read as usual.
/// </para>
/// <para>Does not own the inner stream.</para>
/// </remarks>
internal sealed class BoundedRecordStream : Stream
{
    private readonly Stream _inner;
    private readonly int _limit;
    private readonly byte? _quote;
    private readonly byte _separator;
    private readonly byte[] _input;
    private readonly Dictionary<long, int> _cuts = [];
    private readonly byte[] _prefix;
    private int _prefixLength;
    private ReadOnlyMemory<byte> _pendingInput;
    private byte[] _pendingOutput = [];
    private int _pendingOutputStart;
    private long _line = 1;
    private long _recordStartLine = 1;
    private int _recordLength;
    private bool _insideQuotes;
    private bool _cutting;
    private int _swallowedBreaks;
    private bool _innerDone;

    /// <param name="inner">The file's bytes.</param>
    /// <param name="limit">The most bytes of one record passed on.</param>
    /// <param name="separator">The field separator, to name the field a cut fell in.</param>
    /// <param name="quote">The quote character, or null when quotes mean nothing (fixed-width files).</param>
    public BoundedRecordStream(Stream inner, int limit, char separator, char? quote)
    {
        _inner = inner;
        _limit = limit;
        _separator = (byte)separator;
        _quote = quote is { } q ? (byte)q : null;
        _input = new byte[1 << 16];
        _prefix = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 1 << 20));
    }

    /// <summary>The default limit for a field limit: room for 64 fields at the limit, and never less than 1 MiB.</summary>
    public static int LimitFor(int maxFieldLength) => (int)Math.Min(int.MaxValue / 2, Math.Max(1L << 20, 64L * maxFieldLength));

    /// <summary>Whether the record that starts on <paramref name="line"/> was cut, and the 0-based index of the field the cut fell in.</summary>
    public bool TakeCut(long line, out int fieldIndex)
    {
        if (_cuts.Count == 0)
        {
            fieldIndex = 0;
            return false;
        }

        return _cuts.Remove(line, out fieldIndex);
    }

    /// <summary>Whether any record was cut.</summary>
    public bool AnyCut => _cuts.Count > 0;

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
        while (true)
        {
            var written = Fill(buffer);
            if (written > 0 || buffer.IsEmpty || (_innerDone && _pendingInput.IsEmpty && PendingOutput == 0))
            {
                return written;
            }

            Refill(_inner.Read(_input));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var written = Fill(buffer.Span);
            if (written > 0 || buffer.IsEmpty || (_innerDone && _pendingInput.IsEmpty && PendingOutput == 0))
            {
                return written;
            }

            Refill(await _inner.ReadAsync(_input, cancellationToken));
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _prefix.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_prefix);
        }

        base.Dispose(disposing);
    }

    private int PendingOutput => _pendingOutput.Length - _pendingOutputStart;

    private void Refill(int read)
    {
        if (read == 0)
        {
            _innerDone = true;
        }
        else
        {
            _pendingInput = _input.AsMemory(0, read);
        }
    }

    /// <summary>Moves what it can of the pending input to <paramref name="output"/>; 0 when it needs more input.</summary>
    private int Fill(Span<byte> output)
    {
        var written = 0;
        while (written < output.Length)
        {
            if (PendingOutput > 0)
            {
                var take = Math.Min(PendingOutput, output.Length - written);
                _pendingOutput.AsSpan(_pendingOutputStart, take).CopyTo(output[written..]);
                _pendingOutputStart += take;
                written += take;
                continue;
            }

            if (_pendingInput.IsEmpty)
            {
                break;
            }

            var input = _pendingInput.Span;
            if (_cutting)
            {
                _pendingInput = _pendingInput[Swallow(input)..];
                continue;
            }

            if (_recordLength >= _limit && input[0] != (byte)'\n')
            {
                StartCut();
                continue;
            }

            // Up to the end of this line, or as much of it as fits the limit (and its line break) and the output.
            var room = Math.Min(Math.Max(_limit - _recordLength, 1), output.Length - written);
            var breakAt = input[..Math.Min(input.Length, room)].IndexOf((byte)'\n');
            var length = breakAt >= 0 ? breakAt + 1 : Math.Min(input.Length, room);
            var segment = input[..length];
            segment.CopyTo(output[written..]);
            written += length;
            _pendingInput = _pendingInput[length..];
            TrackQuotes(segment);
            if (breakAt >= 0)
            {
                _line++;
                if (!_insideQuotes)
                {
                    _recordLength = 0;
                    _prefixLength = 0;
                    _recordStartLine = _line;
                    continue;
                }
            }

            Remember(segment);
            _recordLength += length;
        }

        return written;
    }

    private void TrackQuotes(ReadOnlySpan<byte> segment)
    {
        if (_quote is { } quote && segment.Count(quote) % 2 == 1)
        {
            _insideQuotes = !_insideQuotes;
        }
    }

    private void Remember(ReadOnlySpan<byte> segment)
    {
        var take = Math.Min(segment.Length, _prefix.Length - _prefixLength);
        segment[..take].CopyTo(_prefix.AsSpan(_prefixLength));
        _prefixLength += take;
    }

    private void StartCut()
    {
        _cuts[_recordStartLine] = FieldIndexOfCut();
        _cutting = true;
        _swallowedBreaks = 0;
        if (_insideQuotes && _quote is { } quote)
        {
            // A quote right before the cut would pair with ours into an escaped quote: a space keeps them apart.
            var last = _prefixLength > 0 ? _prefix[_prefixLength - 1] : (byte)0;
            _pendingOutput = last == quote ? [(byte)' ', quote] : [quote];
            _pendingOutputStart = 0;
        }
    }

    /// <summary>Drops input up to the end of the cut record; there, hands on its line breaks. Returns the bytes consumed.</summary>
    private int Swallow(ReadOnlySpan<byte> input)
    {
        var consumed = 0;
        while (consumed < input.Length)
        {
            var rest = input[consumed..];
            var breakAt = rest.IndexOf((byte)'\n');
            var segment = breakAt >= 0 ? rest[..(breakAt + 1)] : rest;
            TrackQuotes(segment);
            consumed += segment.Length;
            if (breakAt < 0)
            {
                break;
            }

            _line++;
            _swallowedBreaks++;
            if (!_insideQuotes)
            {
                _cutting = false;
                _pendingOutput = new byte[_swallowedBreaks];
                _pendingOutput.AsSpan().Fill((byte)'\n');
                _pendingOutputStart = 0;
                _recordLength = 0;
                _prefixLength = 0;
                _recordStartLine = _line;
                break;
            }
        }

        return consumed;
    }

    private int FieldIndexOfCut()
    {
        var index = 0;
        var quoted = false;
        foreach (var b in _prefix.AsSpan(0, _prefixLength))
        {
            if (_quote is { } quote && b == quote)
            {
                quoted = !quoted;
            }
            else if (b == _separator && !quoted)
            {
                index++;
            }
        }

        return index;
    }
}
