using Provisioning.Api.Tenants;

namespace Provisioning.Api.Blueprints;

public static class BlueprintsServiceCollectionExtensions
{
    /// <summary>
    /// The blueprints, their revisions, and the lookup signups make of them. Their validators are registered with the
    /// assembly's (AddTenants).
    /// </summary>
    public static IServiceCollection AddBlueprints(this IServiceCollection services)
    {
        services.AddScoped<BlueprintCatalog>();
        services.AddScoped<StoreShaper>();
        services.AddScoped<IBlueprintLookup, SignupBlueprintLookup>();
        return services;
    }
}
