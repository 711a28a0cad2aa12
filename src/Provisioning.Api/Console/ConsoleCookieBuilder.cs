namespace Provisioning.Api.Console;

/// <summary>
/// The console's cookies (session, anti-forgery, messages): HttpOnly, SameSite=Strict, and with
/// <c>Console:SecureCookies</c> (the default) Secure and named with the <c>__Host-</c> prefix (a browser then takes
/// them only from https, for this host alone, Path=/, never from a sibling domain). Configuration decides, not the
/// request: behind a proxy the Host header and the scheme are whatever the proxy makes them.
/// </summary>
public sealed class ConsoleCookieBuilder : CookieBuilder
{
    public const string SecurePrefix = "__Host-";

    private readonly bool _secure;

    public ConsoleCookieBuilder(string name, bool secure)
    {
        _secure = secure;
        Name = secure ? SecurePrefix + name : name;
        Path = "/"; // __Host- requires Path=/ and no Domain
        HttpOnly = true;
        SameSite = SameSiteMode.Strict;
        // Build decides Secure; anti-forgery would refuse every plain-http request (a local run) if this said Always.
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
        IsEssential = true;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = _secure;
        options.Domain = null;
        return options;
    }
}
