using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Provisioning.Api.Infrastructure.OpenApi;

/// <summary>Examples in the OpenAPI document, by operation id, so the reference at /docs shows ready-to-send bodies.</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["CreateTenant"] = """{"clientId":"acme","displayName":"Acme Corp","orchestrator":{"conversationGroupingType":"GROUP_BY_PROFILE","memoryExtractionEnabled":true,"statusCallbacks":[{"url":"https://isv.example/twilio/status","method":"POST"}],"channels":{"SMS":{"addresses":["+15551234567"],"statusTimeouts":{"inactive":30,"closed":1440}},"VOICE":{"addresses":["+15551234567"]}}},"callbackUrl":"https://isv.example/provisioning/events"}""",
        ["UpdateTenant"] = """{"orchestrator":{"channels":{"SMS":{"addresses":["+15551234567","+15557654321"]},"VOICE":null}}}""",
        ["ReprovisionTenant"] = """{"mode":"recreate","reason":"store corrupted","deleteOldStore":true}""",
        ["RetryFailedTenants"] = """{"reason":"Twilio outage over","limit":500}""",
        ["CancelTenantDeletion"] = """{"reason":"contract renewed"}""",
        ["UpdateAccount"] = """{"storeCapacity":15,"configurationCapacity":10,"acceptsTenants":true}""",
        ["StartReconciliation"] = """{"dryRun":true}""",
        ["CreateBlueprint"] = """{"name":"support","traitGroups":[{"displayName":"Account","description":"The client's account","traits":{"accountNumber":{"dataType":"STRING","idTypePromotion":"external_id"},"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","pattern":"^(gold|silver|bronze)$"}},"region":{"dataType":"STRING"}}},{"displayName":"Support","traits":{"disposition":{"dataType":"STRING"},"caseId":{"dataType":"STRING"},"lastIssueType":{"dataType":"STRING"}}}],"identityResolution":{"identifierConfigs":[{"idType":"email","normalization":"email"},{"idType":"phone","normalization":"phone"},{"idType":"external_id"}],"matchingRules":["external_id","email","phone"]},"orchestrator":{"memoryExtractionEnabled":true,"statusTimeouts":{"SMS":{"inactive":30,"closed":1440}}},"reason":"first data model"}""",
        ["PutBlueprint"] = """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING"}}}],"orchestrator":{"memoryExtractionEnabled":true},"reason":"tier only"}""",
    };

    private const string Tenant = """{"clientId":"acme","displayName":"Acme Corp","status":"Ready","accountSid":"AC0123456789abcdef0123456789abcdef","memoryStoreId":"mem_store_01jd8x7k3m2q9w4e5r6t7y8u9i","memoryStoreName":"client-acme","orchestratorConfigurationId":"conv_configuration_01jd8x9a2b3c4d5e6f7g8h9j0k","orchestrator":{"conversationGroupingType":"GROUP_BY_PROFILE","memoryExtractionEnabled":true,"statusCallbacks":[],"channels":{"SMS":{"addresses":["+15551234567"],"statusTimeouts":null}}},"createdAt":"2026-11-24T15:00:00+00:00","updatedAt":"2026-11-24T15:00:03+00:00","readyAt":"2026-11-24T15:00:03+00:00","lastError":null,"callbackUrl":null,"deletionDueAt":null,"deletedAt":null,"retiredStores":[],"twilioCalls":6,"settingsRevision":1,"appliedSettingsRevision":1}""";

    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is not { } id) return;
        if (Requests.TryGetValue(id, out var request) && operation.RequestBody?.Content is { } contents)
        {
            foreach (var mediaType in new[] { "application/json", "application/merge-patch+json" })
                if (contents.TryGetValue(mediaType, out var body)) body.Example = JsonNode.Parse(request);
        }
        if (id is "GetTenant" or "CreateTenant" or "UpdateTenant" && operation.Responses is { } responses)
        {
            foreach (var status in new[] { "200", "202" })
            {
                if (responses.TryGetValue(status, out var response) && response.Content?.TryGetValue("application/json", out var media) == true)
                    media.Example = JsonNode.Parse(Tenant);
            }
        }
    }
}
