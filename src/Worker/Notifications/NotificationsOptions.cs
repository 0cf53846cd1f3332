using System.Globalization;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Notifications;

/// <summary>Notifications to a webhook (section <c>Settlement:Notifications</c>); off until <see cref="WebhookOptions.Url"/> is set.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Settlement:Notifications";

    public WebhookOptions Webhook { get; } = new();

    /// <summary>
    /// Per currency (ISO code), the amount from which a newly raised exception is told, in major units ("1000.00").
    /// Exceptions in a currency not listed, and exceptions without an amount, are not told. Default 1000.00 for EUR, USD and GBP.
    /// </summary>
    public IDictionary<string, string> ExceptionAmounts { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = "1000.00",
        ["USD"] = "1000.00",
        ["GBP"] = "1000.00",
    };

    /// <summary>Only exceptions raised this recently are news (switching notifications on does not tell the whole backlog). Default 1 day.</summary>
    public TimeSpan ExceptionLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Automatic retries of a delivery before its job waits Failed on the dashboard for a person. Default 20 (about two days with the default delays).</summary>
    public int RetryAttempts { get; set; } = 20;

    /// <summary>Seconds before each retry (the last repeats). Default 10, 30, 60, 300, 900, 1800, 3600, 7200, 10800.</summary>
    public IList<int> RetryDelaysSeconds { get; } = [];

    public bool Enabled => Webhook.Url is not null;

    internal int[] Delays => RetryDelaysSeconds.Count > 0 ? [.. RetryDelaysSeconds] : [10, 30, 60, 300, 900, 1800, 3600, 7200, 10800];

    /// <summary>The exception amounts as money; call after <see cref="Problems"/> found none.</summary>
    public IReadOnlyDictionary<Currency, Money> ExceptionAtLeast() =>
        ExceptionAmounts.Select(pair => Money.Parse(pair.Value, pair.Key.Trim().ToUpperInvariant()).Value).ToDictionary(amount => amount.Currency);

    /// <summary>What is wrong with these settings; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        if (Webhook.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return $"{Section}:Webhook:Url must be an absolute http or https URL.";
        }

        if (Webhook.Url is not null && (Webhook.Secret is null || Webhook.Secret.Length < 16))
        {
            yield return $"{Section}:Webhook:Secret must be set, at least 16 characters, when {Section}:Webhook:Url is.";
        }

        if (Webhook.Timeout <= TimeSpan.Zero || Webhook.Timeout > TimeSpan.FromMinutes(2))
        {
            yield return $"{Section}:Webhook:Timeout must be between 0 and 2 minutes.";
        }

        foreach (var (currency, amount) in ExceptionAmounts)
        {
            if (Money.Parse(amount, currency.Trim().ToUpperInvariant()).IsFailure)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{Section}:ExceptionAmounts:{currency} '{amount}' is not an amount of that currency (e.g. 1000.00).");
            }
        }

        if (ExceptionLookback <= TimeSpan.Zero)
        {
            yield return $"{Section}:ExceptionLookback must be positive.";
        }

        if (RetryAttempts is < 0 or > 1000)
        {
            yield return $"{Section}:RetryAttempts must be between 0 and 1000.";
        }

        if (Delays.Any(delay => delay <= 0))
        {
            yield return $"{Section}:RetryDelaysSeconds must be positive.";
        }
    }
}
