using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Provisioning.Api.Infrastructure.Health;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Twilio;

public static class TwilioServiceCollectionExtensions
{
    public static IServiceCollection AddTwilio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>()
            .Bind(configuration.GetSection(TwilioOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.AddSingleton<TwilioParents>();

        services.AddTwilioClient<AccountsClient>(o => o.ApiBaseUrl);
        services.AddTwilioClient<MemoryClient>(o => o.MemoryBaseUrl);
        services.AddTwilioClient<StoreSchemaClient>(o => o.MemoryBaseUrl);
        services.AddTwilioClient<ConversationsClient>(o => o.ConversationsBaseUrl);
        services.AddSingleton<OperationPoller>();
        services.AddSingleton<TwilioConcurrencyLimiter>();
        services.AddSingleton<IProblemDetailsMapper, TwilioProblemDetailsMapper>();

        services.AddHttpClient(TwilioReachabilityCheck.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(3))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddSingleton<TwilioReachabilityCheck>();
        // Degraded at worst: an outage at Twilio must not take the service out of rotation (signups are still recorded).
        services.AddHealthChecks()
            .AddCheck<TwilioReachabilityCheck>("twilio", failureStatus: HealthStatus.Degraded, tags: [HealthExtensions.ReadyTag]);
        return services;
    }

    private static void AddTwilioClient<TClient>(this IServiceCollection services, Func<TwilioOptions, Uri> baseUrl)
        where TClient : class =>
        services.AddHttpClient<TClient>((sp, http) =>
                http.BaseAddress = WithTrailingSlash(baseUrl(sp.GetRequiredService<IOptions<TwilioOptions>>().Value)))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddHttpMessageHandler(sp => new TwilioConcurrencyHandler(sp.GetRequiredService<TwilioConcurrencyLimiter>()))
            .AddTwilioResilience()
            .AddHttpMessageHandler(sp => new TwilioCallCountingHandler(sp.GetRequiredService<ProvisioningMetrics>()));

    /// <summary>
    /// Twilio's API never redirects: a 3xx comes from something else on the way (or a wrong base URL), and following
    /// it would resend the request, parent credentials and all, wherever it points. It fails the call instead
    /// (<see cref="TwilioHttpClient"/>).
    /// </summary>
    private static SocketsHttpHandler NoRedirects() => new() { AllowAutoRedirect = false };

    // Relative request paths resolve under the base URL only when it ends in a slash.
    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>
    /// Retries with exponential backoff and jitter, honouring Retry-After, and a timeout per attempt.
    /// A request is retried after a failure only when repeating it cannot do the work twice: reads, and
    /// writes that carry an Idempotency-Key. A plain write (a Memory store create has no idempotency key,
    /// contract M1) is retried only on 429, where Twilio refused it before doing anything; any other failure
    /// surfaces as "outcome unknown" and the onboarding saga looks before it creates again.
    /// </summary>
    private static IHttpClientBuilder AddTwilioResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("twilio", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value;
            var metrics = context.ServiceProvider.GetRequiredService<ProvisioningMetrics>();
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && IsSafeToRetry(args)),
                OnRetry = _ =>
                {
                    metrics.RecordTwilioRetry();
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(options.RequestTimeout);
        });
        return builder;
    }

    private static bool IsSafeToRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var status = args.Outcome.Result?.StatusCode;
        if (status == HttpStatusCode.TooManyRequests) return true;
        if (!HttpClientResiliencePredicates.IsTransient(args.Outcome)) return false;

        var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
        return request is not null
               && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
                   || request.Headers.Contains("Idempotency-Key"));
    }
}
