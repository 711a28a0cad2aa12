using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The JWT bearer handler's events for tenant tokens: the key a token names is loaded before the handler (which
/// asks for keys synchronously) validates it, and a token refused for this tenant is told why in problem+json.
/// </summary>
public sealed class TenantTokenEvents(SigningKeyRing keys, IProblemDetailsService problems) : JwtBearerEvents
{
    /// <summary>Reads a token's header on every gateway request; one instance serves all (it keeps no state).</summary>
    private static readonly JsonWebTokenHandler TokenReader = new();

    public override async Task MessageReceived(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return;
        // Another instance may have just made the key this token names.
        await keys.EnsureLoadedAsync(KeyIdOf(header[7..].Trim()), context.HttpContext.RequestAborted);
    }

    public override async Task Forbidden(ForbiddenContext context)
    {
        // Only the tenant check (TenantMemoryRequirement) refuses a valid token.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = "This token is for another tenant." },
        });
    }

    /// <summary>
    /// The <c>kid</c> of a token's header; null when there is none or the token cannot be read (it is not a JWT,
    /// not base64url, not JSON, too large): the handler then refuses it with a 401, as any invalid token.
    /// </summary>
    public static string? KeyIdOf(string token)
    {
        if (!TokenReader.CanReadToken(token)) return null;
        try
        {
            return TokenReader.ReadJsonWebToken(token).Kid;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return null;
        }
    }
}
