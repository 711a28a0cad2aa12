using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => o.ApiKeys.Count > 0, "Auth:ApiKeys must list at least one key (Auth__ApiKeys__0__Name, __Role, __Sha256).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, ApiKeyListValidator>();
        services.AddOptions<FailedAuthenticationOptions>()
            .Bind(configuration.GetSection(FailedAuthenticationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<FailedAuthenticationLimiter>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ControlPlane, p => p.RequireRole(Roles.ControlPlane, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>Before authentication: an address that has spent its failed authentications is refused (429) before its key is compared.</summary>
    public static IApplicationBuilder UseFailedAuthenticationLimit(this IApplicationBuilder app) => app.UseMiddleware<FailedAuthenticationGate>();

    /// <summary>Data annotations do not reach into list items; validate each key and say which one is wrong.</summary>
    private sealed class ApiKeyListValidator : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options)
        {
            var failures = new List<string>();
            for (var i = 0; i < options.ApiKeys.Count; i++)
            {
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
                    options.ApiKeys[i], new(options.ApiKeys[i]), results, validateAllProperties: true);
                failures.AddRange(results.Select(r => $"Auth:ApiKeys:{i}: {r.ErrorMessage}"));
            }
            // First match wins at sign-in: two keys with one hash, or one name, would make the audit trail lie.
            foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Sha256, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                failures.Add($"Auth:ApiKeys: {duplicate.Count()} keys have the same Sha256 ({string.Join(", ", duplicate.Select(k => k.Name))}); each key must be distinct.");
            foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                failures.Add($"Auth:ApiKeys: the name '{duplicate.Key}' is used by {duplicate.Count()} keys; names are the actors of the audit trail and must be unique.");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
