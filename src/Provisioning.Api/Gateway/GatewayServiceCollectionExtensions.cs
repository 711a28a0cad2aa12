using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The authentication scheme of tenant access tokens (JWT bearer).</summary>
    public const string TenantTokenScheme = "TenantToken";

    /// <summary>A tenant token of the route's tenant, or a ControlPlane or Admin API key where <see cref="GatewayOptions.AllowApiKeys"/>.</summary>
    public const string MemoryPolicy = "TenantMemory";

    /// <summary>Picks the caller's one scheme (a bearer token, else an API key where allowed), so a refusal is challenged once.</summary>
    private const string MemoryCallerScheme = "MemoryCaller";

    public const string PerTenantRateLimit = "gateway-per-tenant";

    /// <summary>Tenant access tokens (made with the service's own keys, validated by ASP.NET Core's JWT bearer handler) and the memory gateway (YARP's forwarder).</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayIssuerValidator>();
        services.AddSingleton<SigningKeyRing>();
        services.AddScoped<TenantAccessTokens>();
        services.AddScoped<MemoryGateway>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayHttpClient>();
        services.AddSingleton<GatewayCredentials>();
        services.AddHttpForwarder();
        // YARP logs every forwarded URL (store and profile ids) at Information: its own categories log warnings and
        // worse unless configuration says otherwise (a rule put first, so that any Logging:LogLevel:Yarp* wins).
        services.Configure<LoggerFilterOptions>(o => o.Rules.Insert(0, new LoggerFilterRule(null, "Yarp", LogLevel.Warning, null)));

        services.AddSingleton<TenantTokenEvents>();
        services.AddAuthentication()
            .AddJwtBearer(TenantTokenScheme)
            .AddPolicyScheme(MemoryCallerScheme, "Tenant token, or an API key where allowed", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || !context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AllowApiKeys
                    ? TenantTokenScheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        services.AddOptions<JwtBearerOptions>(TenantTokenScheme).Configure<SigningKeyRing, IOptions<GatewayOptions>>((jwt, keys, gateway) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = TenantTokenValidation.Parameters(gateway.Value, keys.ValidationKeys);
            jwt.EventsType = typeof(TenantTokenEvents);
        });
        services.AddSingleton<IAuthorizationHandler, TenantMemoryAuthorizationHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MemoryPolicy, policy => policy
            .AddAuthenticationSchemes(MemoryCallerScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new TenantMemoryRequirement()));

        // Per tenant: one tenant's traffic cannot use up another's share of the service or of Twilio. The limiter runs
        // after authorization, so the caller is allowed this tenant's memory by now, and the partition is the tenant
        // the caller was authorized as (a token's client_id). A path that is no data-plane route is answered 404 at
        // once, on nobody's budget.
        services.AddRateLimiter(limiter => limiter.AddPolicy(PerTenantRateLimit, context =>
        {
            var clientId = context.User.FindFirst(TenantTokenClaims.ClientId)?.Value ?? context.GetRouteValue("clientId") as string;
            if (clientId is null || MemoryRoute.Match(clientId, context.Request.Path.Value + context.Request.QueryString) is null)
                return RateLimitPartition.GetNoLimiter("");
            var permits = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RequestsPerSecondPerTenant;
            return RateLimitPartition.GetTokenBucketLimiter(clientId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app)
    {
        app.MapAccessTokensApi();
        app.MapSigningKeysApi();
        app.MapMemoryGatewayApi();
        return app;
    }
}
