using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The configured limits on what we send to the gateway, one set per entity for the whole process
/// (<see cref="GatewayOptions.MaxRequestsPerSecond"/>, <see cref="GatewayOptions.MaxConcurrentRequests"/>): every
/// request the <see cref="GatewayClient"/> sends passes here, query retries of the resilience pipeline included.
/// A request over the limit waits its turn (oldest first); none is refused.
/// </summary>
/// <remarks>
/// The first client of an entity sets its limits. The rate is a token bucket refilled every twentieth of a second
/// or so (a smaller period would be finer than the timers), holding no more than one refill: at most one refill's
/// worth of requests above the rate in any second.
/// </remarks>
public sealed class GatewayRateLimits : IDisposable
{
    /// <summary>
    /// Set on a request by the client, called once the request is admitted: a POST's timeout starts then, so that
    /// time spent waiting here is never taken for an answer that did not come.
    /// </summary>
    public static readonly HttpRequestOptionsKey<Action> Admitted = new("Settlement.Gateway.Admitted");

    private readonly ConcurrentDictionary<string, EntityLimits> _entities = new(StringComparer.Ordinal);

    /// <summary>Waits until a request of this entity may be sent; dispose the lease when its answer is in.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = _entities.GetOrAdd(options.EntityId, static (_, configured) => EntityLimits.For(configured), options);
        RateLimitLease? slot = null;
        try
        {
            if (limits.Concurrency is { } concurrency)
            {
                slot = await concurrency.AcquireAsync(1, cancellationToken);
                if (!slot.IsAcquired)
                {
                    return slot;
                }
            }

            if (limits.Rate is { } rate)
            {
                using var token = await rate.AcquireAsync(1, cancellationToken);
                if (!token.IsAcquired)
                {
                    slot?.Dispose();
                    return token;
                }
            }
        }
        catch
        {
            slot?.Dispose();
            throw;
        }

        return new AdmittedLease(slot);
    }

    public void Dispose()
    {
        foreach (var limits in _entities.Values)
        {
            limits.Concurrency?.Dispose();
            limits.Rate?.Dispose();
        }

        _entities.Clear();
    }

    private sealed record EntityLimits(ConcurrencyLimiter? Concurrency, TokenBucketRateLimiter? Rate)
    {
        public static EntityLimits For(GatewayOptions options)
        {
            var concurrency = options.MaxConcurrentRequests > 0
                ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentRequests,
                    QueueLimit = int.MaxValue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : null;
            TokenBucketRateLimiter? rate = null;
            if (options.MaxRequestsPerSecond > 0)
            {
                var perSecond = options.MaxRequestsPerSecond;
                var perRefill = Math.Max(1, perSecond / 20);
                rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perRefill,
                    TokensPerPeriod = perRefill,
                    ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * perRefill / perSecond),
                    QueueLimit = int.MaxValue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            }

            return new EntityLimits(concurrency, rate);
        }
    }

    // Holds the concurrency slot (if any) until the request's answer is in; the rate token is spent at once.
    private sealed class AdmittedLease(RateLimitLease? slot) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                slot?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
