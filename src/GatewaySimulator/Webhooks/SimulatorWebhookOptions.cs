namespace Settlement.GatewaySimulator.Webhooks;

/// <summary>Where and how the simulator sends webhook notifications (section <c>Simulator:Webhooks</c>).</summary>
public sealed class SimulatorWebhookOptions
{
    /// <summary>The merchant's notification URL. Null: no notifications are sent. Default null.</summary>
    public Uri? Url { get; set; }

    /// <summary>The entity's 64-hex AES-256-GCM key. Required when <see cref="Url"/> is set.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>How many times a notification is tried before it is dropped. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay before the first retry; each next one is 4 times longer, up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two tries. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one POST may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Test switch: each notification is delivered this many times (the real gateway duplicates too). Default 1.</summary>
    public int Copies { get; set; } = 1;

    /// <summary>
    /// Test switch: hold notifications until this many have accumulated, then deliver them newest first (a
    /// capture before its pre-authorization). With <see cref="Copies"/> the reversed batch is repeated. 0 or 1: in order. Default 0.
    /// </summary>
    public int ReverseBatch { get; set; }

    internal IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Url is not null && !Reconciliation.Webhooks.WebhookCipher.IsKey(Key))
        {
            problems.Add("Simulator:Webhooks:Key must be 64 hex characters when Simulator:Webhooks:Url is set");
        }

        if (MaxAttempts < 1 || Copies < 1 || ReverseBatch < 0 || FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay || Timeout <= TimeSpan.Zero)
        {
            problems.Add("Simulator:Webhooks: MaxAttempts and Copies must be at least 1, ReverseBatch not negative, delays not negative, Timeout positive");
        }

        return problems;
    }
}
