using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Settlement.Reconciliation.Notifications;

/// <summary>
/// The signature of a notification webhook (docs/notifications.md), sent in the <see cref="Header"/> header as
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>: HMAC-SHA256 with the shared secret over the timestamp, a dot and the raw
/// body. The timestamp is signed with the body so that a recorded request cannot be replayed later as a new one; a
/// receiver refuses a timestamp far from its own clock.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Settlement-Signature";

    public static string Sign(string secret, Instant timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={seconds},v1={Convert.ToHexStringLower(Mac(secret, seconds, body))}";
    }

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> at a time within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, Instant now, Duration tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        string? seconds = null;
        byte[]? given = null;
        foreach (var part in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                seconds = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64)
            {
                try
                {
                    given = Convert.FromHexString(part[3..]);
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        if (seconds is null || given is null || !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix < Instant.MinValue.ToUnixTimeSeconds() || unix > Instant.MaxValue.ToUnixTimeSeconds()
            || Duration.FromSeconds(Math.Abs(unix - now.ToUnixTimeSeconds())) > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, seconds, body), given);
    }

    private static byte[] Mac(string secret, string seconds, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.ASCII.GetByteCount(seconds) + 1 + body.Length];
        var written = Encoding.ASCII.GetBytes(seconds, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
