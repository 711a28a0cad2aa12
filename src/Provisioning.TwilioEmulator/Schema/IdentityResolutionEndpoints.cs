using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// <c>/v1/ControlPlane/Stores/{storeId}/IdentityResolutionSettings</c> (contract §12.2, P10): GET with an ETag, and a full
/// replacement by PUT with <c>If-Match</c> that applies when its operation completes.
/// </summary>
public static class IdentityResolutionEndpoints
{
    public static void MapIdentityResolutionEndpoints(this IEndpointRouteBuilder routes)
    {
        var path = SchemaControlPlane.StorePath + "/IdentityResolutionSettings";
        routes.MapGet(path, FetchSettings);
        routes.MapPut(path, ReplaceSettings);
    }

    private static IResult FetchSettings(HttpContext context, EmulatorState state, string storeId) =>
        SchemaControlPlane.With(context, state, storeId, schema =>
        {
            var settings = schema.Current.IdentityResolution;
            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["identifierConfigs"] = settings.IdentifierConfigs.DeepClone(),
                ["matchingRules"] = new JsonArray([.. settings.MatchingRules.Select(r => (JsonNode)r)]),
                ["version"] = settings.Version,
            }, new Dictionary<string, string> { ["ETag"] = settings.ETag });
        });

    private static Task<IResult> ReplaceSettings(HttpContext context, EmulatorState state, string storeId) =>
        SchemaControlPlane.WithBodyAsync(context, state, storeId, IdentifierConfigs.Read, (schema, body) =>
        {
            var stale = SchemaControlPlane.CheckIfMatch(context, schema.Accepted.IdentityResolution.ETag);
            return (IResult?)stale ?? SchemaControlPlane.Accept(
                state, context, schema, SchemaChangeKind.ReplaceIdentityResolution, "IdentityResolutionSettings", body,
                "Identity Resolution Settings accepted for processing.");
        });
}
