using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Settlement.GatewaySimulator;

/// <summary>
/// Every API request the simulator answered, in arrival order, and the throttling decision: what a test or the bench
/// reads to see how fast requests came (from the arrival times, not the sender's own account) and what was refused.
/// </summary>
/// <remarks>
/// The window of <see cref="SimulatorThrottleOptions.RequestsPerSecond"/> is kept per entity: a request is taken
/// when fewer than that many requests of its entity were taken within the last second, refused (and not counted)
/// otherwise.
/// </remarks>
public sealed class SimulatorRequestLog(TimeProvider time)
{
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();
    private readonly Dictionary<string, Queue<long>> _taken = new(StringComparer.Ordinal);
    private readonly Lock _windows = new();
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.Ordinal);

    public IReadOnlyList<SimulatorRequest> Requests => [.. _requests];

    public int Count => _requests.Count;

    /// <summary>A request of this entity has come; <see cref="Leave"/> when it is answered. Returns how many are in flight.</summary>
    internal int Enter(string? entityId) => Interlocked.Increment(ref _inFlight.GetOrAdd(entityId ?? string.Empty, static _ => new StrongBox<int>()).Value);

    internal void Leave(string? entityId) => Interlocked.Decrement(ref _inFlight.GetOrAdd(entityId ?? string.Empty, static _ => new StrongBox<int>()).Value);

    /// <summary>Records a request and decides whether it is throttled (never, when <paramref name="perSecond"/> is 0).</summary>
    internal bool Admit(string method, string path, string? entityId, string? merchantTransactionId, int inFlight, int perSecond)
    {
        var now = time.GetTimestamp();
        var throttled = false;
        if (perSecond > 0)
        {
            lock (_windows)
            {
                var key = entityId ?? string.Empty;
                if (!_taken.TryGetValue(key, out var taken))
                {
                    _taken[key] = taken = new Queue<long>();
                }

                var windowStart = now - time.TimestampFrequency;
                while (taken.Count > 0 && taken.Peek() <= windowStart)
                {
                    taken.Dequeue();
                }

                throttled = taken.Count >= perSecond;
                if (!throttled)
                {
                    taken.Enqueue(now);
                }
            }
        }

        _requests.Enqueue(new SimulatorRequest((double)now / time.TimestampFrequency, method, path, entityId, merchantTransactionId, inFlight, throttled));
        return !throttled;
    }
}
