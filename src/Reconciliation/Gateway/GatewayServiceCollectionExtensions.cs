using Microsoft.Extensions.DependencyInjection;
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
    /// in the client.
    /// </summary>
    public static IHttpClientBuilder AddGatewayClient(this IServiceCollection services, Action<GatewayOptions> configure)
    {
        services.AddOptions<GatewayOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

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
