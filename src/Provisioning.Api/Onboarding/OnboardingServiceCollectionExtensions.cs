using Provisioning.Api.Infrastructure;

namespace Provisioning.Api.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>The onboarding saga, and in worker processes the dispatcher that starts it for new signups.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services, ServiceRole role)
    {
        services.AddScoped<TenantOnboardingSaga>();
        if (role.HasFlag(ServiceRole.Worker)) services.AddHostedService<SignupDispatcher>();
        return services;
    }
}
