using FluentValidation;

namespace Provisioning.Api.Tenants;

public static class TenantsServiceCollectionExtensions
{
    public static IServiceCollection AddTenants(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProvisioningOptions>()
            .Bind(configuration.GetSection(ProvisioningOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddValidatorsFromAssemblyContaining<CreateTenantRequestValidator>(includeInternalTypes: true);
        services.AddScoped<TenantOnboardingSaga>();
        services.AddScoped<TenantOffboardingSaga>();
        services.AddScoped<StoreDeletion>();
        services.AddSingleton<OperationPoller>();
        services.AddSingleton<StoreNameCache>();
        services.AddScoped<StalledTenantsWatchdog>();
        return services;
    }
}
