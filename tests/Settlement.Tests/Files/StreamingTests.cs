using System.Globalization;
using System.Text;
using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

public sealed class StreamingTests
{
    [Fact]
    public async Task A_200000_line_settlement_stream_is_parsed_line_by_line_without_being_held_in_memory()
    {
        const int lineCount = 200_000;
        await using var stream = new GeneratedSettlementStream(lineCount);
        var opened = await CanonicalFileReader.OpenAsync(stream, TestContext.Current.CancellationToken);
        await using var file = opened.Value;

        var lines = 0;
        var errors = 0;
        long lastLineNumber = 0;
        await using var enumerator = file.ReadLinesAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        while (await enumerator.MoveNextAsync())
        {
            if (enumerator.Current.TryGetValue(out var line, out _))
            {
                lines++;
                lastLineNumber = line.LineNumber;
            }
            else
            {
                errors++;
            }
        }

        Assert.Equal((lineCount, 0), (lines, errors));
        Assert.Equal(lineCount + 1, lastLineNumber);
        Assert.True(stream.MaxRequest < 1 << 20, "the reader asks for blocks, never for the whole input");
    }

    /// <summary>A forward-only stream that makes settlement lines as it is read; the file never exists as a whole.</summary>
    private sealed class GeneratedSettlementStream(int lineCount) : Stream
    {
        private byte[] _pending = Encoding.UTF8.GetBytes(CanonicalCsv.SettlementHeader + "\r\n");
        private int _offset;
        private int _next = 1;

        public int MaxRequest { get; private set; }

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
            MaxRequest = Math.Max(MaxRequest, buffer.Length);
            var written = 0;
            while (written < buffer.Length)
            {
                if (_offset == _pending.Length)
                {
                    if (_next > lineCount)
                    {
                        break;
                    }

                    _pending = Encoding.UTF8.GetBytes(string.Create(
                        CultureInfo.InvariantCulture,
                        $"L{_next},2026-11-20,B-{_next % 17},SETTLED,P-{_next},ORD-{_next},,{_next % 1000}.{_next % 100:D2},EUR,,,0.10,\r\n"));
                    _offset = 0;
                    _next++;
                }

                var take = Math.Min(buffer.Length - written, _pending.Length - _offset);
                _pending.AsSpan(_offset, take).CopyTo(buffer[written..]);
                _offset += take;
                written += take;
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
