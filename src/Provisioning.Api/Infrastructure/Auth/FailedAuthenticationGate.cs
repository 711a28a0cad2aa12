namespace Provisioning.Api.Infrastructure.Auth;

/// <summary>
/// Before authentication: a request presenting an <c>X-Api-Key</c> from an address that has spent its failures
/// (<see cref="FailedAuthenticationLimiter"/>) is answered 429 without its key being looked at.
/// </summary>
public sealed class FailedAuthenticationGate(RequestDelegate next, FailedAuthenticationLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) && limiter.IsRefused(context, out var retryAfter))
        {
            await FailedAuthenticationLimiter.WriteRefusalAsync(context, retryAfter);
            return;
        }
        await next(context);
    }
}
