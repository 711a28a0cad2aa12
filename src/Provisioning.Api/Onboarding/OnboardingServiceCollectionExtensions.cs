using Provisioning.Api.Infrastructure;

namespace Provisioning.Api.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>
    /// The onboarding saga, and in worker processes what runs it (off Hangfire's workers) and the dispatcher that starts
    /// it for new signups.
    /// </summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services, ServiceRole role)
    {
        services.AddScoped<TenantOnboardingSaga>();
        services.AddSingleton<OnboardingRuns>();
        if (!role.HasFlag(ServiceRole.Worker)) return services;
        services.AddHostedService(sp => sp.GetRequiredService<OnboardingRuns>());
        services.AddHostedService<SignupDispatcher>();
        return services;
    }
}
