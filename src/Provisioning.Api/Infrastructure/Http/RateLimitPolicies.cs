using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by API key (the authenticated caller's name): a fixed window per key
/// and policy. A refusal is a 429 problem with Retry-After. Signups have a budget of their own that a batch draws one
/// permit per item from (<see cref="SignupPermits"/>).
/// </summary>
public static class RateLimitPolicies
{
    public const string BulkOperations = "bulk-operations";
    public const string TenantUpdates = "tenant-updates";
    public const string AccessTokens = "access-tokens";

    public static IServiceCollection AddApiKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitsOptions>()
            .Bind(configuration.GetSection(RateLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SignupPermits>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(BulkOperations, context => PerKey(context, o => o.BulkOperationsPerMinute));
            limiter.AddPolicy(TenantUpdates, context => PerKey(context, o => o.TenantUpdatesPerMinute));
            limiter.AddPolicy(AccessTokens, context => PerKey(context, o => o.AccessTokensPerMinute));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                        Detail = "Too many of these requests from this API key, or for this tenant; retry after the time in Retry-After.",
                    },
                });
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerKey(HttpContext context, Func<RateLimitsOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(context.User.Identity?.Name ?? "anonymous", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
