using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Looks at the first block of a file before any CSV parsing, to reject what is not UTF-8 text with a
/// reason a person understands ("binary content", "empty") instead of a parser's confusion.
/// </summary>
internal static class FileSniffer
{
    internal const int BlockSize = 8192;

    /// <summary>Reads the first block; returns it, whether the stream ended inside it, and a rejection if the block is not CSV text.</summary>
    internal static async ValueTask<(byte[] Block, bool AtEnd, FileRejection? Rejection)> SniffAsync(Stream stream, CancellationToken cancellationToken)
    {
        var block = new byte[BlockSize];
        var length = 0;
        var atEnd = false;
        while (length < block.Length)
        {
            var read = await stream.ReadAsync(block.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                atEnd = true;
                break;
            }

            length += read;
        }

        Array.Resize(ref block, length);
        return (block, atEnd, Check(block, atEnd));
    }

    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    private static FileRejection? Check(ReadOnlySpan<byte> block, bool atEnd)
    {
        if (block.IsEmpty)
        {
            return new FileRejection(FileRejectionReason.Empty, "file is empty (0 bytes)");
        }

        if (block.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || block.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new FileRejection(FileRejectionReason.Binary, "file is UTF-16 text; canonical files are UTF-8");
        }

        var text = block.StartsWith(Encoding.UTF8.Preamble) ? block[Encoding.UTF8.Preamble.Length..] : block;
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            return new FileRejection(
                FileRejectionReason.Binary,
                string.Create(CultureInfo.InvariantCulture, $"file holds binary content (a NUL byte at offset {nul}), not CSV text"));
        }

        var invalidAt = FirstInvalidUtf8(text, atEnd);
        if (invalidAt >= 0)
        {
            return new FileRejection(
                FileRejectionReason.Binary,
                string.Create(CultureInfo.InvariantCulture, $"file is not UTF-8 text (invalid byte 0x{text[invalidAt]:X2} at offset {invalidAt}); canonical files are UTF-8"));
        }

        if (atEnd && text.IndexOfAnyExcept(Whitespace) < 0)
        {
            return new FileRejection(FileRejectionReason.Empty, "file is empty (only whitespace, no header)");
        }

        return null;
    }

    // -1 when valid. A character cut by the end of the block is fine unless the file ends there too.
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text, bool atEnd)
    {
        if (Utf8.IsValid(text))
        {
            return -1;
        }

        var offset = 0;
        while (offset < text.Length)
        {
            var status = Rune.DecodeFromUtf8(text[offset..], out _, out var consumed);
            if (status == OperationStatus.InvalidData || (status == OperationStatus.NeedMoreData && atEnd))
            {
                return offset;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                return -1;
            }

            offset += consumed;
        }

        return -1;
    }
}
