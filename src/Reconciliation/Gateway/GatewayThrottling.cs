using System.Net;
using System.Net.Http.Headers;

namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The gateway's "slow down" answers: HTTP 429, and the result code 800.120.100 (rejected by throttling: too many
/// requests for this entity). Both mean the request was not executed; neither is a decline.
/// </summary>
/// <remarks>
/// 800.120.200 (the contract's total volume exceeded) shares the prefix but needs a person: only the exact throttling
/// code is waited out.
/// </remarks>
public static class GatewayThrottling
{
    /// <summary>Rejected by throttling (docs/gateway-api.md, result codes).</summary>
    public const string ThrottledResultCode = "800.120.100";

    /// <summary>True when this answer is the gateway asking us to slow down.</summary>
    public static bool IsThrottled(HttpStatusCode status, string? resultCode) =>
        status == HttpStatusCode.TooManyRequests || string.Equals(resultCode?.Trim(), ThrottledResultCode, StringComparison.Ordinal);

    /// <summary>The answer's <c>Retry-After</c> (seconds or a date) as a wait from <paramref name="now"/>; null when absent.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
