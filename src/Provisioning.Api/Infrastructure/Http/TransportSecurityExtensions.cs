using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// What the service believes about the connection: the client's address and scheme from trusted proxies only
/// (<see cref="ForwardedHeadersSettings"/>), and HSTS on https responses outside Development.
/// </summary>
public static class TransportSecurityExtensions
{
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>>(new ForwardedHeadersValidator());
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; here only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        // Browsers keep to https for a year once they have seen it; subdomains are not the service's to decide.
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>First in the pipeline: everything after it (the limiter, the cookies, HSTS) sees the client as the trusted proxy reported it.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        // With no known proxy ASP.NET Core's middleware would believe every sender's headers: leave it out entirely.
        var trusted = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (trusted.KnownProxies.Count > 0 || trusted.KnownNetworks.Count > 0) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    /// <summary>Says which entry is wrong, not only that one is.</summary>
    private sealed class ForwardedHeadersValidator : IValidateOptions<ForwardedHeadersSettings>
    {
        public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options) =>
            options.Errors().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
