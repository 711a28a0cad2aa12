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

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ControlPlane, p => p.RequireRole(Roles.ControlPlane, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

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
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
