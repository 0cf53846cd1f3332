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

        return problems;
    }

    /// <summary>True for 32 lowercase hex characters, the shape of gateway entity and transaction ids.</summary>
    public static bool IsEntityId(string? value) => value is not null && Hex32().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Hex32();
}
