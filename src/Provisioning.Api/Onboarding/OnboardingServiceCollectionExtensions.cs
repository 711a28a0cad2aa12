using Provisioning.Api.Onboarding.Steps;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>The onboarding saga (the work the runner does for a Pending, Provisioning or Ready tenant whose run is due) and its steps.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        OnboardingSteps.Register(services);
        services.AddScoped<TenantOnboardingSaga>();
        services.AddScoped<ITenantWork>(sp => sp.GetRequiredService<TenantOnboardingSaga>());
        return services;
    }
}
