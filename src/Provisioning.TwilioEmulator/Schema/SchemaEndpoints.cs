namespace Provisioning.TwilioEmulator.Schema;

/// <summary>The per-store control plane of contract §12.2: trait groups, identity resolution settings, data mappings.</summary>
public static class SchemaEndpoints
{
    public static void MapStoreSchemaEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapTraitGroupEndpoints();
        routes.MapIdentityResolutionEndpoints();
        routes.MapDataMappingEndpoints();
    }
}
