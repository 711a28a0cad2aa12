using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The authentication scheme of tenant access tokens (JWT bearer).</summary>
    public const string TenantTokenScheme = "TenantToken";

    /// <summary>A tenant token, or a ControlPlane or Admin API key.</summary>
    public const string MemoryPolicy = "TenantMemory";

    /// <summary>Picks the caller's one scheme (a bearer token, else an API key), so a refusal is challenged once.</summary>
    private const string MemoryCallerScheme = "MemoryCaller";

    public const string PerTenantRateLimit = "gateway-per-tenant";

    /// <summary>Reads a token's header on every gateway request; one instance serves all (it keeps no state).</summary>
    private static readonly JsonWebTokenHandler TokenReader = new();

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

        services.AddAuthentication()
            .AddJwtBearer(TenantTokenScheme)
            .AddPolicyScheme(MemoryCallerScheme, "Tenant token or API key", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TenantTokenScheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        services.AddOptions<JwtBearerOptions>(TenantTokenScheme).Configure<SigningKeyRing, IOptions<GatewayOptions>>((jwt, keys, gateway) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = TenantTokenValidation.Parameters(gateway.Value, keys.ValidationKeys);
            jwt.Events = new JwtBearerEvents
            {
                // The handler asks for keys synchronously: load the one a token names first, should another
                // instance have just made it.
                OnMessageReceived = async context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return;
                    var keyId = TokenReader.CanReadToken(header[7..]) ? TokenReader.ReadJsonWebToken(header[7..]).Kid : null;
                    await keys.EnsureLoadedAsync(keyId, context.HttpContext.RequestAborted);
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(MemoryPolicy, policy => policy
            .AddAuthenticationSchemes(MemoryCallerScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.IsInRole(Roles.ControlPlane) || context.User.IsInRole(Roles.Admin)
                                         || context.User.HasClaim(c => c.Type == TenantTokenClaims.ClientId)));

        // Per tenant, whoever calls: one tenant's traffic cannot use up another's share of the service or of Twilio.
        services.AddRateLimiter(limiter => limiter.AddPolicy(PerTenantRateLimit, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RequestsPerSecondPerTenant;
            return RateLimitPartition.GetTokenBucketLimiter(context.Request.RouteValues["clientId"]?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
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
