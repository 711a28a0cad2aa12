using Provisioning.Api.Infrastructure;

namespace Provisioning.Api.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>In worker processes, the runner that takes up tenants whose run is due (the leases are the tenants' own).</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services, ServiceRole role)
    {
        if (!role.HasFlag(ServiceRole.Worker)) return services;
        services.AddSingleton<TenantRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantRunner>());
        return services;
    }
}
