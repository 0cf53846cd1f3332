namespace Settlement.Reconciliation.Webhooks;

/// <summary>Why a webhook is not accepted.</summary>
public enum WebhookRefusalKind
{
    /// <summary>Not hex, or an IV or tag of the wrong length: HTTP 400.</summary>
    Malformed,

    /// <summary>Missing headers, or the tag does not verify (wrong key, altered body): HTTP 401.</summary>
    Unauthentic,

    /// <summary>Decrypted but not a notification: not JSON, or no <c>type</c>: HTTP 400.</summary>
    NotANotification,
}
