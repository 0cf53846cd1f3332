using System.Text.RegularExpressions;

namespace Settlement.Reconciliation.Gateway;

/// <summary>Where the gateway is and who we are to it (configuration section <c>Gateway</c>).</summary>
public sealed partial class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The gateway's base URL, e.g. <c>https://eu-test.gateway.example</c>; paths under <c>/v1/</c> are added.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Bearer token sent on every request.</summary>
    public string AccessToken { get; set; } = string.Empty;

    /// <summary>The entity (32 lowercase hex) sent on every request; operations must use their payment's entity.</summary>
    public string EntityId { get; set; } = string.Empty;

    /// <summary>How long a payment or backoffice POST may take before its outcome is unknown. Default 30 s.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt of a query may take; queries are retried. Default 10 s.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed query (GET) is retried. POSTs are never retried by the client. Default 2.</summary>
    public int QueryRetries { get; set; } = 2;

    /// <summary>The first delay between query retries (exponential, with jitter). Default 200 ms.</summary>
    public TimeSpan QueryRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// At most this many requests a second for this entity (operations and queries, retries included), shared by every
    /// client of the entity in the process; 0 (the default) sets no limit. Requests over the rate wait their turn.
    /// </summary>
    public int MaxRequestsPerSecond { get; set; }

    /// <summary>At most this many requests of this entity in flight at once; 0 (the default) sets no limit.</summary>
    public int MaxConcurrentRequests { get; set; }

    /// <summary>
    /// How long one call may wait out the gateway's throttling (HTTP 429, result code 800.120.100) before it ends as
    /// not executed, for the operation's next attempt to try again. Default 10 minutes.
    /// </summary>
    public TimeSpan MaxThrottledWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The first wait after a throttling answer without <c>Retry-After</c>; it doubles up to 30 s. Default 1 s.
    /// </summary>
    public TimeSpan ThrottledRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The problems that make these options unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add("Settlement:Gateway:BaseUrl must be an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(AccessToken))
        {
            problems.Add("Settlement:Gateway:AccessToken is required");
        }

        if (!IsEntityId(EntityId))
        {
            problems.Add("Settlement:Gateway:EntityId must be 32 lowercase hex characters");
        }

        if (PaymentTimeout <= TimeSpan.Zero || QueryTimeout <= TimeSpan.Zero)
        {
            problems.Add("Settlement:Gateway:PaymentTimeout and Settlement:Gateway:QueryTimeout must be positive");
        }

        if (QueryRetries is < 0 or > 10)
        {
            problems.Add("Settlement:Gateway:QueryRetries must be between 0 and 10");
        }

        if (MaxRequestsPerSecond is < 0 or > 100_000 || MaxConcurrentRequests is < 0 or > 10_000)
        {
            problems.Add("Settlement:Gateway:MaxRequestsPerSecond must be between 0 and 100000 and Settlement:Gateway:MaxConcurrentRequests between 0 and 10000 (0: no limit)");
        }

        if (MaxThrottledWait <= TimeSpan.Zero || ThrottledRetryDelay <= TimeSpan.Zero || ThrottledRetryDelay > ThrottledWait.LongestDelay)
        {
            problems.Add("Settlement:Gateway:MaxThrottledWait must be positive and Settlement:Gateway:ThrottledRetryDelay between 0 and 30 s");
        }

        return problems;
    }

    /// <summary>True for 32 lowercase hex characters, the shape of gateway entity and transaction ids.</summary>
    public static bool IsEntityId(string? value) => value is not null && Hex32().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Hex32();
}
