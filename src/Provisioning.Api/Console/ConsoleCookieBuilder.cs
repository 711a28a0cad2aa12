using System.Net;

namespace Provisioning.Api.Console;

/// <summary>
/// The console's cookies (session, anti-forgery, messages): HttpOnly, SameSite=Strict and Secure, except on plain
/// http to a loopback host, where a browser would drop a Secure cookie and a local run could not sign in.
/// </summary>
public sealed class ConsoleCookieBuilder : CookieBuilder
{
    public ConsoleCookieBuilder(string name)
    {
        Name = name;
        Path = "/";
        HttpOnly = true;
        SameSite = SameSiteMode.Strict;
        // Build decides Secure per request; anti-forgery refuses plain http outright when this says Always.
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
        IsEssential = true;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = !IsPlainHttpLoopback(context.Request);
        return options;
    }

    public static bool IsPlainHttpLoopback(HttpRequest request) =>
        !request.IsHttps
        && (string.Equals(request.Host.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(request.Host.Host, out var address) && IPAddress.IsLoopback(address)));
}
