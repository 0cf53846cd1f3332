namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// A server's host key as OpenSSH prints it: <c>SHA256:</c> and the unpadded base64 of the key's SHA-256
/// (<c>ssh-keygen -lf key.pub</c>, or <c>ssh-keyscan host | ssh-keygen -lf -</c>). Pinning it is what makes a
/// connection safe from a man in the middle: a key that differs is refused, never learned.
/// </summary>
public sealed record HostKeyFingerprint
{
    private const string Prefix = "SHA256:";

    private HostKeyFingerprint(string base64) => Base64 = base64;

    /// <summary>The unpadded base64 of the SHA-256, as SSH.NET and OpenSSH give it.</summary>
    public string Base64 { get; }

    /// <summary>Reads <c>SHA256:…</c> (the prefix may be left out); the reason it is not one otherwise.</summary>
    public static Result<HostKeyFingerprint, string> Parse(string? text)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value[Prefix.Length..];
        }

        value = value.TrimEnd('=');
        var padded = value + new string('=', (4 - (value.Length % 4)) % 4);
        var bytes = new byte[48];
        if (value.Length == 0 || !Convert.TryFromBase64String(padded, bytes, out var written) || written != 32)
        {
            return $"'{text}' is not a SHA-256 host key fingerprint such as SHA256:y4ctFzvwWz35lSrq6po36RfUL4Je3Ciw8J2HgtyLUvY (ssh-keygen -lf prints it)";
        }

        return new HostKeyFingerprint(value);
    }

    /// <summary>The fingerprint of what a server presented (SSH.NET's unpadded base64).</summary>
    public static HostKeyFingerprint FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return new HostKeyFingerprint(base64.TrimEnd('='));
    }

    public override string ToString() => Prefix + Base64;
}
