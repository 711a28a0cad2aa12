namespace Provisioning.Api.Infrastructure.Auth;

/// <summary>Who is acting: the API key's name during a request, "system" in background jobs.</summary>
public sealed class ActorContext(IHttpContextAccessor http)
{
    public const string System = "system";

    public string Name => http.HttpContext?.User.Identity?.Name ?? System;
}
