namespace Settlement.Worker.Notifications;

/// <summary>The receiver of notifications (<c>Settlement:Notifications:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Where notifications are posted; none (the default) switches notifications off.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret of the HMAC-SHA256 signature; required with <see cref="Url"/>, at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one attempt may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
