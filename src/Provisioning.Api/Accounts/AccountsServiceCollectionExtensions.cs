using Microsoft.AspNetCore.DataProtection;
using Provisioning.Api.Data;

namespace Provisioning.Api.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccountPool(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountPoolOptions>()
            .Bind(configuration.GetSection(AccountPoolOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Subaccount key secrets are encrypted with Data Protection; its key ring lives in PostgreSQL so that
        // every instance can read what another wrote.
        services.AddDataProtection()
            .SetApplicationName("Provisioning")
            .PersistKeysToDbContext<ProvisioningDbContext>();
        services.AddScoped<AccountPool>();
        services.AddSingleton<PoolMetrics>();
        return services;
    }
}
