using Provisioning.Api.Offboarding.Steps;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding;

public static class OffboardingServiceCollectionExtensions
{
    /// <summary>The offboarding saga (the runner's work for a tenant being deleted), its steps, and the store deletion it shares with a recreate's clean-up.</summary>
    public static IServiceCollection AddOffboarding(this IServiceCollection services)
    {
        OffboardingSteps.Register(services);
        services.AddScoped<TenantOffboardingSaga>();
        services.AddScoped<ITenantWork>(sp => sp.GetRequiredService<TenantOffboardingSaga>());
        services.AddScoped<StoreDeletion>();
        return services;
    }
}
