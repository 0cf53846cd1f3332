using System.Security.Cryptography;

namespace Settlement.Reconciliation.Webhooks;

/// <summary>
/// The gateway's webhook encryption (docs/gateway-api.md): AES-256-GCM with the entity's 64-hex key, a 12-byte
/// IV and a 16-byte tag, each sent as hex. Decrypting with a valid tag <em>is</em> the authenticity check,
/// so a body that fails it is never looked at. Used by the worker to read and by the simulator to send.
/// </summary>
public sealed class WebhookCipher
{
    public const int KeyBytes = 32;
    public const int IvBytes = 12;
    public const int TagBytes = 16;

    private readonly byte[] _key;

    private WebhookCipher(byte[] key) => _key = key;

    /// <summary>True for 64 hex characters (either case), the shape of a webhook key.</summary>
    public static bool IsKey(string? hexKey) => hexKey is { Length: KeyBytes * 2 } && IsHex(hexKey);

    /// <summary>The cipher for a 64-hex key; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static WebhookCipher FromHexKey(string hexKey) =>
        IsKey(hexKey) ? new WebhookCipher(Convert.FromHexString(hexKey)) : throw new ArgumentException("a webhook key is 64 hex characters", nameof(hexKey));

    /// <summary>A new random key, as 64 lowercase hex.</summary>
    public static string NewHexKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>Encrypts with a fresh random IV.</summary>
    public EncryptedWebhook Encrypt(ReadOnlySpan<byte> plaintext) => Encrypt(plaintext, RandomNumberGenerator.GetBytes(IvBytes));

    /// <summary>Encrypts with the given IV (tests only: an IV must never be reused with one key).</summary>
    public EncryptedWebhook Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv)
    {
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(iv, plaintext, ciphertext, tag);
        return new EncryptedWebhook(Convert.ToHexStringLower(ciphertext), Convert.ToHexStringLower(iv), Convert.ToHexStringLower(tag));
    }

    /// <summary>The plaintext, or why the message is refused. Nothing of the body is echoed in the refusal.</summary>
    public Result<byte[], WebhookRefusal> Decrypt(string? bodyHex, string? ivHex, string? tagHex)
    {
        if (string.IsNullOrEmpty(ivHex) || string.IsNullOrEmpty(tagHex))
        {
            return new WebhookRefusal(WebhookRefusalKind.Unauthentic, "X-Initialization-Vector or X-Authentication-Tag header missing");
        }

        if (ivHex.Length != IvBytes * 2 || !IsHex(ivHex))
        {
            return new WebhookRefusal(WebhookRefusalKind.Malformed, "X-Initialization-Vector is not 12 bytes of hex");
        }

        if (tagHex.Length != TagBytes * 2 || !IsHex(tagHex))
        {
            return new WebhookRefusal(WebhookRefusalKind.Malformed, "X-Authentication-Tag is not 16 bytes of hex");
        }

        var body = bodyHex?.Trim() ?? string.Empty;
        if (body.Length == 0 || body.Length % 2 != 0 || !IsHex(body))
        {
            return new WebhookRefusal(WebhookRefusalKind.Malformed, "body is not hex");
        }

        var ciphertext = Convert.FromHexString(body);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(Convert.FromHexString(ivHex), ciphertext, Convert.FromHexString(tagHex), plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return new WebhookRefusal(WebhookRefusalKind.Unauthentic, "authentication tag does not match (wrong key or altered message)");
        }
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
