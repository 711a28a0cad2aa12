using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;
using Yarp.ReverseProxy.Forwarder;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Forwards a request for one tenant's memory to its store at Twilio, with its account's credentials:
/// <list type="number">
/// <item>(before this runs: the caller must be a tenant token for this clientId, or an API key where allowed; see
/// <see cref="TenantMemoryRequirement"/>; else 401 or 403, on no tenant's budget)</item>
/// <item>the path must be a data-plane route (else 404, and Twilio is not called), the method one it takes (else
/// 405), and a compressed body one Twilio takes there (else 415);</item>
/// <item>a tenant token must be of this tenant and its current generation (else 401), with the scope the route
/// needs (else 403); a ControlPlane or Admin API key (where allowed) may do everything;</item>
/// <item>the tenant must be serving memory: a tenant whose store is still being made is "not ready" (503 with
/// <c>Retry-After</c>), one that is failed or leaving is a 409;</item>
/// <item>the request streams to Twilio and Twilio's answer streams back, status and body as Twilio sent them, and
/// the headers that <see cref="MemoryGatewayTransformer"/> lets through, both ways; except that Twilio's 520042 (the
/// store is not ACTIVE) is the same "not ready" 503, and a 520047 (no such trait group) that Twilio sends with a
/// status other than a 4xx is a 422 (see <see cref="InterceptedTwilioError"/>).</item>
/// </list>
/// </summary>
public sealed class MemoryGateway(
    ProvisioningDbContext db,
    GatewayCredentials accounts,
    IHttpForwarder forwarder,
    GatewayHttpClient httpClient,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    IOptions<TwilioOptions> twilio)
{
    public async Task<IResult> ForwardAsync(HttpContext context, string clientId, CancellationToken cancellationToken)
    {
        // The decoded path: %2E arrives as a dot and %2F stays "%2F", and the route's plain segments admit neither.
        if (MemoryRoute.Match(clientId, context.Request.Path.Value + context.Request.QueryString) is not var (route, pathAndQuery))
            return Problem(StatusCodes.Status404NotFound, "Not a Memory route",
                "Only the Memory data-plane routes of a tenant's store are served here, with ids in Twilio's formats (mem_profile_…, mem_observation_…, mem_summary_…, mem_import_…; an idType of 2 to 30 characters).");
        if (route.ScopeFor(context.Request.Method) is not { } scope)
        {
            context.Response.Headers.Allow = string.Join(", ", route.Methods);
            return Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"{route.Template} takes {string.Join(", ", route.Methods)}.");
        }
        if (!route.TakesContentEncoding(context.Request.Method, context.Request.Headers.ContentEncoding))
            return UnsupportedContentEncoding(context, route);

        var token = TenantToken.From(context.User);
        // TenantMemoryRequirement refused this already, before the rate limiter; kept so that this class alone never forwards one.
        if (token is not null && !string.Equals(token.ClientId, clientId, StringComparison.Ordinal))
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "This token is for another tenant.");
        if (token is not null && !token.Scopes.Contains(scope))
            return Problem(StatusCodes.Status403Forbidden, "Insufficient scope", $"{context.Request.Method} {route.Template} needs the scope {scope}.");

        var tenant = await TenantOf(db, clientId);
        if (token is not null && (tenant is null || tenant.Id != token.TenantId || tenant.TokenGeneration != token.Generation))
            return Problem(StatusCodes.Status401Unauthorized, "Token revoked", "The tenant was offboarded or its store recreated since this token was made; ask for a new one.");
        if (tenant is null) return Problem(StatusCodes.Status404NotFound, "Not found", $"No tenant '{clientId}'.");
        if (tenant.IsBeingMade)
            return NotReady(context, $"Tenant '{clientId}' has no active memory store yet (it is {tenant.Status}); try again later.", twilioCode: null);
        if (!tenant.ServesMemory)
            return Problem(StatusCodes.Status409Conflict, "Conflict", $"Tenant '{clientId}' has no active store now (it is {tenant.Status}).");

        var credentials = await accounts.GetAsync(tenant.AccountSid!, cancellationToken);
        return await SendAsync(context, clientId, route, $"/v1/Stores/{Uri.EscapeDataString(tenant.MemoryStoreId!)}/", pathAndQuery, credentials);
    }

    private async Task<IResult> SendAsync(HttpContext context, string clientId, MemoryRoute route, string storePath, string pathAndQuery, TwilioCredentials credentials)
    {
        var started = Stopwatch.GetTimestamp();
        var baseUrl = twilio.Value.MemoryBaseUrl.GetLeftPart(UriPartial.Authority);
        var transformer = new MemoryGatewayTransformer(new Uri(baseUrl + storePath + pathAndQuery), credentials, storePath, $"/v1/tenants/{clientId}/memory/",
            route.ForwardsAcceptEncoding(context.Request.Method, context.Request.Headers.AcceptEncoding));
        var error = await forwarder.SendAsync(context, baseUrl, httpClient.Invoker,
            new ForwarderRequestConfig { ActivityTimeout = options.Value.RequestTimeout }, transformer);
        var answer = transformer.Intercepted is { } intercepted && !context.Response.HasStarted ? AnswerFor(context, clientId, intercepted) : null;

        metrics.Record(clientId, route.Template, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started),
            context.Request.ContentLength ?? 0, context.Response.ContentLength ?? 0);
        if (answer is not null) return answer;
        if (error == ForwarderError.None || context.Response.HasStarted) return Results.Empty;
        return error switch
        {
            ForwarderError.RequestTimedOut => Problem(StatusCodes.Status504GatewayTimeout, "Twilio did not answer", "Twilio did not answer in time; it is safe to retry reads."),
            ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled when context.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Request bodies through the gateway are limited to {options.Value.MaxBodyBytes} bytes."),
            ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled => Problem(StatusCodes.Status400BadRequest, "Bad request", "The request body could not be read."),
            _ => Problem(StatusCodes.Status502BadGateway, "Twilio could not be reached", "The request did not reach Twilio or its answer was cut off."),
        };
    }

    /// <summary>The gateway's own answer to a Twilio error it does not pass through; the response is cleared of Twilio's status line first.</summary>
    private ProblemHttpResult AnswerFor(HttpContext context, string clientId, InterceptedTwilioError error)
    {
        context.Response.Clear();
        if (error.Code == InterceptedTwilioError.StoreNotActive)
        {
            return NotReady(context, $"Tenant '{clientId}''s memory store is not ACTIVE at Twilio (still provisioning, or waiting for a repair); try again later.",
                error.Code);
        }
        context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Trait group does not exist",
            detail: $"The tenant's store has no such trait group; traits can be written only into groups defined on the store. Twilio: {error.Message}",
            extensions: new Dictionary<string, object?> { ["twilioCode"] = error.Code });
    }

    /// <summary>503 "not ready", with <c>Retry-After</c>; <paramref name="twilioCode"/> when Twilio said so (520042).</summary>
    private ProblemHttpResult NotReady(HttpContext context, string detail, int? twilioCode)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)options.Value.NotReadyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Memory not ready", detail: detail,
            extensions: twilioCode is null ? null : new Dictionary<string, object?> { ["twilioCode"] = twilioCode });
    }

    // Compiled once: the query is the same on every request.
    private static readonly Func<ProvisioningDbContext, string, Task<GatewayTenant?>> TenantOf = EF.CompileAsyncQuery(
        (ProvisioningDbContext db, string clientId) => db.Tenants.AsNoTracking()
            .Where(t => t.ClientId == clientId && t.Status != TenantStatus.Deleted)
            .Select(t => new GatewayTenant(t.Id, t.Status, t.MemoryStoreId, t.StoreProgress.ActiveAt, t.AccountSid, t.TokenGeneration))
            .SingleOrDefault());

    /// <summary>415, with the codings that would do (RFC 9110 §15.5.16).</summary>
    private static ProblemHttpResult UnsupportedContentEncoding(HttpContext context, MemoryRoute route)
    {
        var method = context.Request.Method;
        var compressible = route.TakesContentEncoding(method, "gzip");
        context.Response.Headers.AcceptEncoding = compressible ? string.Join(", ", MemoryRoute.ContentCodings) : "identity";
        return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding", compressible
            ? $"{method} {route.Template} takes an uncompressed body or one Content-Encoding of {string.Join(", ", MemoryRoute.ContentCodings)}."
            : $"{method} {route.Template} takes an uncompressed body only.");
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>The claims of a tenant access token, or null for an API key.</summary>
    private sealed record TenantToken(Guid TenantId, string ClientId, int Generation, IReadOnlySet<string> Scopes)
    {
        public static TenantToken? From(ClaimsPrincipal user)
        {
            var clientId = user.FindFirstValue(TenantTokenClaims.ClientId);
            if (clientId is null) return null;
            return new TenantToken(
                Guid.TryParse(user.FindFirstValue(TenantTokenClaims.TenantId), out var id) ? id : Guid.Empty,
                clientId,
                int.TryParse(user.FindFirstValue(TenantTokenClaims.Generation), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) ? generation : -1,
                (user.FindFirstValue(TenantTokenClaims.Scope) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
        }
    }
}
