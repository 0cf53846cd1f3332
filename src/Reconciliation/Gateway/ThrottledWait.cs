namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// How long one call waits out the gateway's throttling before it sends again: the answer's <c>Retry-After</c> when it
/// gives one, else a delay that doubles from <see cref="GatewayOptions.ThrottledRetryDelay"/> up to
/// <see cref="LongestDelay"/>; the waits of one call never add up past <see cref="GatewayOptions.MaxThrottledWait"/>.
/// </summary>
/// <remarks>
/// A throttled request was not executed (the gateway refused to take it), so sending it again is safe; what is not
/// safe is to send it faster, which only earns more throttling.
/// </remarks>
public sealed class ThrottledWait(TimeSpan firstDelay, TimeSpan limit)
{
    /// <summary>The longest wait without a <c>Retry-After</c>.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(30);

    private TimeSpan _nextDelay = firstDelay;

    public ThrottledWait(GatewayOptions options)
        : this(options?.ThrottledRetryDelay ?? throw new ArgumentNullException(nameof(options)), options.MaxThrottledWait)
    {
    }

    /// <summary>How long this call has waited so far.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>
    /// The next wait, or false when the call has waited its limit. A zero or missing <paramref name="retryAfter"/>
    /// takes the doubling delay, so a gateway that keeps saying "now" is not hammered.
    /// </summary>
    public bool TryNext(TimeSpan? retryAfter, out TimeSpan wait)
    {
        if (Waited >= limit)
        {
            wait = TimeSpan.Zero;
            return false;
        }

        wait = retryAfter is { } asked && asked > TimeSpan.Zero ? asked : _nextDelay;
        _nextDelay = TimeSpan.FromTicks(Math.Min(_nextDelay.Ticks * 2, LongestDelay.Ticks));
        if (wait > limit - Waited)
        {
            wait = limit - Waited;
        }

        Waited += wait;
        return true;
    }
}
