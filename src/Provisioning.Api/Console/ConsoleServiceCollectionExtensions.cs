using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Jobs;

namespace Provisioning.Api.Console;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// The admin console at <c>/admin</c>: Razor Pages (docs/console.md says why) over the application services, a
    /// cookie session made from an API key, anti-forgery on every form.
    /// </summary>
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>()
            .Bind(configuration.GetSection(ConsoleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Not the default scheme: the JSON API keeps authenticating X-Api-Key only, so a console cookie can never
        // authorize a /v1 call (no cross-site request forgery against the API).
        services.AddScoped<ConsoleSessionEvents>();
        services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, cookie =>
        {
            cookie.LoginPath = ConsoleAuthentication.LoginPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = true;
            cookie.EventsType = typeof(ConsoleSessionEvents);
        });
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(ConsoleAuthentication.Scheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) =>
            {
                cookie.Cookie = new ConsoleCookieBuilder(ConsoleAuthentication.CookieName, console.Value.SecureCookies);
                cookie.ExpireTimeSpan = console.Value.SessionLifetime;
            });
        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuthentication.ReadPolicy, policy => policy
            .AddAuthenticationSchemes(ConsoleAuthentication.Scheme)
            .RequireRole(Roles.ControlPlane, Roles.Admin))
            .AddPolicy(ConsoleAuthentication.AdminReadPolicy, policy => policy
                .AddAuthenticationSchemes(ConsoleAuthentication.Scheme)
                .RequireRole(Roles.Admin));
        services.Configure<AdminDashboardOptions>(dashboard => dashboard.SessionSchemes.Add(ConsoleAuthentication.Scheme));

        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Console/Pages";
            pages.Conventions.AuthorizeFolder("/", ConsoleAuthentication.ReadPolicy);
            // The API's policy for the same data: GET /v1/accounts and GET /v1/reconciliations are Admin's.
            pages.Conventions.AuthorizeFolder("/Accounts", ConsoleAuthentication.AdminReadPolicy);
            pages.Conventions.AuthorizeFolder("/Reconciliations", ConsoleAuthentication.AdminReadPolicy);
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Logout");
        }).AddMvcOptions(mvc => mvc.Filters.Add<ConsoleActionsFilter>());
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<ConsoleOptions>>((antiforgery, console) =>
            antiforgery.Cookie = new ConsoleCookieBuilder("provisioning-console-antiforgery", console.Value.SecureCookies));
        services.AddOptions<CookieTempDataProviderOptions>().Configure<IOptions<ConsoleOptions>>((tempData, console) =>
            tempData.Cookie = new ConsoleCookieBuilder("provisioning-console-message", console.Value.SecureCookies));

        services.AddScoped<ConsoleSessions>();
        services.AddSingleton<ConsoleAssets>();
        services.AddScoped<ConsoleOverview>();
        services.AddScoped<TenantSearch>();
        services.AddScoped<TenantActionCheck>();
        return services;
    }

    /// <summary>The console's pages and assets, with the headers that keep them from being framed, cached or scripted from elsewhere.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/admin"), console => console.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/admin/assets")) headers.CacheControl = "no-store";
            await next();
        }));
        app.MapGet("/admin/assets/{name}", (string name, HttpContext context, ConsoleAssets assets) => assets.Serve(name, context))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
