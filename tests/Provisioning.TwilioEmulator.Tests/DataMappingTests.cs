using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>A store's data mappings (contract §12.2, P11): create, read, change and delete, with 520048 and 520056.</summary>
public sealed class DataMappingTests(EmulatorFixture emulator) : StoreSchemaTestBase(emulator)
{
    private const string CrmMapping = """{"displayName":"crm-contacts","description":"CRM export","mappingTo":{"mappings":[{"expression":"email_address","traitGroup":"Contact","traitName":"email"}]},"mappingFrom":{"type":"INGRESS","columns":["email_address"]}}""";

    [Fact]
    public async Task A_mapping_is_created_read_changed_and_deleted_through_operations()
    {
        var storeId = await CreateStoreAsync();

        var created = await AcceptedAndAppliedAsync(HttpMethod.Post, MappingsUrl(storeId), CrmMapping);

        Assert.Equal("Data mapping creation request accepted for processing.", (string?)created.Body["message"]);
        var operation = await WaitForOperationAsync(created.OperationId!);
        var id = (string)operation["result"]!["id"]!;
        Assert.Matches("^mem_datamapping_[0-7][0-9a-z]{25}$", id);
        Assert.Equal($"{MappingsUrl(storeId)}/{id}", (string?)operation["resultUrl"]);
        var fetched = await SendAsync(HttpMethod.Get, $"{MappingsUrl(storeId)}/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("\"1\"", fetched.ETag);
        Assert.Equal((id, "crm-contacts", true, "TRAITS"), ((string)fetched.Body["id"]!, (string)fetched.Body["displayName"]!, (bool)fetched.Body["isEnabled"]!, (string)fetched.Body["mappingTo"]!["type"]!));
        Assert.Equal([id], (await SendAsync(HttpMethod.Get, MappingsUrl(storeId) + "?type=INGRESS")).Body["dataMappings"]!.AsArray().Select(m => (string)m!["id"]!));
        Assert.Empty((await SendAsync(HttpMethod.Get, MappingsUrl(storeId) + "?type=DATASET_WAREHOUSE")).Body["dataMappings"]!.AsArray());

        AssertCode(HttpStatusCode.Conflict, 520056, await SendAsync(HttpMethod.Post, MappingsUrl(storeId), CrmMapping));
        AssertCode(HttpStatusCode.PreconditionFailed, 20412, await SendAsync(HttpMethod.Patch, $"{MappingsUrl(storeId)}/{id}", """{"isEnabled":false}""", ifMatch: "\"2\""));
        await AcceptedAndAppliedAsync(HttpMethod.Patch, $"{MappingsUrl(storeId)}/{id}", """{"isEnabled":false}""", ifMatch: "\"1\"");
        var changed = await SendAsync(HttpMethod.Get, $"{MappingsUrl(storeId)}/{id}");
        Assert.Equal(("\"2\"", false), (changed.ETag, (bool)changed.Body["isEnabled"]!));

        await AcceptedAndAppliedAsync(HttpMethod.Delete, $"{MappingsUrl(storeId)}/{id}");
        AssertCode(HttpStatusCode.NotFound, 520048, await SendAsync(HttpMethod.Get, $"{MappingsUrl(storeId)}/{id}"));
        AssertCode(HttpStatusCode.NotFound, 520048, await SendAsync(HttpMethod.Delete, $"{MappingsUrl(storeId)}/{id}"));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Get, $"{MappingsUrl(storeId)}/not-an-id"));
    }

    [Fact]
    public async Task A_dataset_mapping_needs_its_groups_and_a_mapped_group_cannot_be_deleted_first()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"Account","traits":{"tier":{"dataType":"STRING"}}}""");
        const string dataset = """{"type":"DATASET_WAREHOUSE","datasetId":"tdi_dataset_0123456789abcdefghjkmnpqrs"}""";

        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Post, MappingsUrl(storeId),
            """{"displayName":"warehouse","mappingTo":{"mappings":[{"expression":"plan","traitGroup":"Billing","traitName":"plan"}]},"mappingFrom":""" + dataset + "}"));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Post, MappingsUrl(storeId),
            """{"displayName":"warehouse","mappingTo":{"mappings":[{"expression":"plan","traitGroup":"Account","traitName":"plan"}]},"mappingFrom":""" + dataset + "}"));
        await AcceptedAndAppliedAsync(HttpMethod.Post, MappingsUrl(storeId),
            """{"displayName":"warehouse","mappingTo":{"mappings":[{"expression":"plan","traitGroup":"Account","traitName":"tier"}]},"mappingFrom":""" + dataset + "}");

        AssertCode(HttpStatusCode.Conflict, 20409, await SendAsync(HttpMethod.Delete, GroupUrl(storeId, "Account")));
    }

    [Fact]
    public async Task Malformed_mappings_are_refused_with_400()
    {
        var storeId = await CreateStoreAsync();
        var to = JsonNode.Parse(CrmMapping)!["mappingTo"]!.ToJsonString();
        var from = JsonNode.Parse(CrmMapping)!["mappingFrom"]!.ToJsonString();

        foreach (var body in new[]
        {
            $$$"""{"mappingTo":{{{to}}},"mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"1starts-with-digit","mappingTo":{{{to}}},"mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"m","description":"","mappingTo":{{{to}}},"mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"m","mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"m","mappingTo":{"mappings":[]},"mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"m","mappingTo":{"mappings":[{"expression":"x","traitGroup":"Contact","traitName":"Email"}]},"mappingFrom":{{{from}}}}""",
            $$$"""{"displayName":"m","mappingTo":{{{to}}},"mappingFrom":{"type":"INGRESS","columns":[]}}""",
            $$$"""{"displayName":"m","mappingTo":{{{to}}},"mappingFrom":{"type":"DATASET_CLOUDAPP","datasetId":"ds_1"}}""",
            $$$"""{"displayName":"m","mappingTo":{{{to}}},"mappingFrom":{"type":"FTP"}}""",
            $$$"""{"displayName":"m","id":"x","mappingTo":{{{to}}},"mappingFrom":{{{from}}}}""",
        })
        {
            AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Post, MappingsUrl(storeId), body));
        }

        Assert.Empty((await SendAsync(HttpMethod.Get, MappingsUrl(storeId))).Body["dataMappings"]!.AsArray());
    }
}
