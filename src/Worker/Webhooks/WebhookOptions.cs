using Settlement.Reconciliation.Webhooks;

namespace Settlement.Worker.Webhooks;

/// <summary>The gateway's webhook notifications (keys of section <c>Settlement:Gateway</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Settlement:Gateway";

    /// <summary>The entity's 64-hex AES-256 key. Empty: every notification is refused (HTTP 401). Default empty.</summary>
    public string WebhookKey { get; set; } = string.Empty;

    /// <summary>Where the gateway posts notifications. Default <c>/webhooks/gateway</c>.</summary>
    public string WebhookPath { get; set; } = DefaultPath;

    internal const string DefaultPath = "/webhooks/gateway";

    internal static bool IsValidKey(string key) => string.IsNullOrEmpty(key) || WebhookCipher.IsKey(key);
}
