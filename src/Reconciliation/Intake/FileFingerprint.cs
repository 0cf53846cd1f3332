using System.Security.Cryptography;

namespace Settlement.Reconciliation.Intake;

/// <summary>A file's identity by content: its SHA-256 and size. The same bytes under another name are the same file.</summary>
public sealed record FileFingerprint(byte[] Sha256, long SizeBytes)
{
    public string Hex => Convert.ToHexStringLower(Sha256);

    /// <summary>Hashes the file as a stream; memory stays flat whatever its size.</summary>
    public static async Task<FileFingerprint> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new FileFingerprint(hash, stream.Length);
    }

    public override string ToString() => $"{Hex[..12]}… ({SizeBytes} bytes)";
}
