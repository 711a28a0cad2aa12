using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>The onboarding saga: the work the runner does for a Pending, Provisioning or Ready tenant whose run is due.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddScoped<TenantOnboardingSaga>();
        services.AddScoped<ITenantWork>(sp => sp.GetRequiredService<TenantOnboardingSaga>());
        return services;
    }
}
