namespace Settlement.Reconciliation.Files;

/// <summary>
/// What a reader knows of the file beyond its bytes: its name and the SHA-256 of its content (hex). A report
/// without a batch column takes its batch from the content, so that the same file delivered twice is one batch.
/// </summary>
public sealed record FileIdentity(string? Name, string? Sha256Hex)
{
    public static FileIdentity Unknown { get; } = new(null, null);

    /// <summary>The batch of a line whose format names none: <c>file:</c> and the first 12 hex digits of the content hash.</summary>
    public string BatchId => Sha256Hex is { Length: >= 12 } hex ? "file:" + hex[..12] : "file";
}
