using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Settlement.Reconciliation.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the typed <see cref="GatewayClient"/> with validated <see cref="GatewayOptions"/>. Queries
    /// (GET) are retried with exponential backoff, each attempt bounded by <see cref="GatewayOptions.QueryTimeout"/>;
    /// POSTs pass through the pipeline untouched — never retried, bounded by <see cref="GatewayOptions.PaymentTimeout"/>
    /// in the client. Between the retries and the timeout, every attempt waits for the entity's
    /// <see cref="GatewayRateLimits"/>, so the wait is not taken for a slow answer.
    /// </summary>
    public static IHttpClientBuilder AddGatewayClient(this IServiceCollection services, Action<GatewayOptions> configure)
    {
        services.AddOptions<GatewayOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.TryAddSingleton<GatewayRateLimits>();
        // The client waits out the gateway's throttling on this clock (tests may register another first).
        services.TryAddSingleton(TimeProvider.System);

        var builder = services.AddHttpClient<GatewayClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var baseUrl = options.BaseUrl!.AbsoluteUri;
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            // Timeouts are the client's and the pipeline's, each telling a timeout from a caller's cancellation.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        builder.AddResilienceHandler("gateway", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var limits = context.ServiceProvider.GetRequiredService<GatewayRateLimits>();
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.QueryRetries, 1),
                Delay = options.QueryRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            };

            // A POST whose outcome is unknown must be looked up, never blindly re-sent.
            retry.DisableForUnsafeHttpMethods();
            if (options.QueryRetries > 0)
            {
                pipeline.AddRetry(retry);
            }

            // Inside the retries, so a retried query waits its turn too; outside the timeout, so waiting is not timed.
            pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
            {
                Name = "gateway-rate-limit",
                RateLimiter = async arguments =>
                {
                    var lease = await limits.AcquireAsync(options, arguments.Context.CancellationToken);
                    if (lease.IsAcquired && arguments.Context.GetRequestMessage()?.Options.TryGetValue(GatewayRateLimits.Admitted, out var admitted) == true)
                    {
                        admitted();
                    }

                    return lease;
                },
            });

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions
            {
                TimeoutGenerator = arguments => ValueTask.FromResult(
                    arguments.Context.GetRequestMessage()?.Method == HttpMethod.Get ? options.QueryTimeout : Timeout.InfiniteTimeSpan),
            });
        });

        return builder;
    }

    private sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
