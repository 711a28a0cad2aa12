using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Gateway;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>
/// Onboarding applies the tenant's blueprint to its store (contract §12 P7, P8, P10): once the store is ACTIVE and
/// before the configuration exists, so that a Ready tenant can write the ISV's traits through the gateway.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class BlueprintApplyTests(ProvisioningStack stack)
{
    /// <summary>The seed's own data model (issue #23): the groups a new store lacks.</summary>
    private static readonly object SupportModel = new
    {
        traitGroups = new object[]
        {
            new { displayName = "Account", traits = new { tier = new { dataType = "STRING" }, region = new { dataType = "STRING" } } },
            new
            {
                displayName = "Support",
                traits = new { disposition = new { dataType = "STRING" }, caseId = new { dataType = "STRING" }, lastIssueType = new { dataType = "STRING" } },
            },
        },
        identityResolution = new
        {
            identifierConfigs = new object[] { new { idType = "user_id" } },
            matchingRules = new[] { "user_id" },
        },
    };

    [Fact]
    public async Task Tenants_signed_up_with_a_blueprint_are_Ready_with_its_groups_and_can_write_its_traits_and_others_cannot()
    {
        using (var put = await stack.Admin.PutAsJsonAsync("/v1/blueprints/apply-support", SupportModel))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var clients = Enumerable.Range(1, 12).Select(i => $"bp-apply-{i}").ToList(); // the issue's twelve
        var batch = await stack.BatchAsync([.. clients.Select(c => new { clientId = c, blueprint = "apply-support" }), new { clientId = "bp-apply-none", blueprint = (string?)null }]);
        Assert.All(BatchSignups.Statuses(batch), status => Assert.Equal(202, status));

        foreach (var clientId in clients)
        {
            var tenant = await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
            var shown = (await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}")).GetProperty("blueprint");
            Assert.Equal(1, shown.GetProperty("revision").GetInt32());
            Assert.Equal(1, shown.GetProperty("appliedRevision").GetInt32());

            var credentials = await CredentialsAsync(tenant.AccountSid!);
            var groups = await Schema.ListAllTraitGroupsAsync(credentials, tenant.MemoryStoreId!, CancellationToken.None);
            Assert.Equal(["Contact", "Account", "Support"], groups.Select(g => g.DisplayName));
            Assert.Equal(["region", "tier"], groups[1].Traits!.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(["caseId", "disposition", "lastIssueType"], groups[2].Traits!.Keys.Order(StringComparer.Ordinal));
            var identity = (await Schema.GetIdentityResolutionSettingsAsync(credentials, tenant.MemoryStoreId!, CancellationToken.None)).Settings;
            // The store's own identifier types are kept; the blueprint's order comes first.
            Assert.Equal(["email", "phone", "user_id"], identity.IdentifierConfigs.Select(c => c.IdType).Order(StringComparer.Ordinal));
            Assert.Equal("user_id", identity.MatchingRules[0]);
            Assert.Contains("email", identity.MatchingRules);

            // The configuration came after the groups: extraction must find them.
            var log = await stack.Emulator.GetRequestsAsync();
            var lastSchemaWrite = log.Last(r => r.Method != "GET" && r.Path.StartsWith($"/v1/ControlPlane/Stores/{tenant.MemoryStoreId}/", StringComparison.Ordinal));
            var configurationCreate = log.First(r => r.Method == "POST" && r.Path.EndsWith("/ControlPlane/Configurations", StringComparison.Ordinal)
                                                     && r.Body is { } body && body.Contains(tenant.MemoryStoreId!, StringComparison.Ordinal));
            Assert.True(configurationCreate.Sequence > lastSchemaWrite.Sequence);

            using var profile = await WriteAccountTierAsync(clientId);
            Assert.True(profile.StatusCode == HttpStatusCode.Accepted, $"{profile.StatusCode}: {await profile.Content.ReadAsStringAsync()}");
        }

        // A tenant without a blueprint: onboarding as before, no call to the store's control plane, and no Account group.
        var plain = await stack.WaitForStatusAsync("bp-apply-none", TenantStatus.Ready);
        Assert.Empty(await stack.Emulator.GetRequestsUnderAsync($"/v1/ControlPlane/Stores/{plain.MemoryStoreId}/"));
        using var refused = await WriteAccountTierAsync("bp-apply-none");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("520047", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blueprint_that_with_the_stores_own_group_exceeds_Twilios_limit_fails_the_tenant_saying_so_without_a_configuration()
    {
        // 50 groups pass the blueprint's validation (Twilio's limit), but a new store already has its Contact group.
        var groups = Enumerable.Range(0, 50).Select(i => new { displayName = $"Group{i:D2}" }).ToArray();
        using (var put = await stack.Admin.PutAsJsonAsync("/v1/blueprints/apply-too-many", new { traitGroups = groups }))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        using (var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-apply-full", blueprint = "apply-too-many" }))
            Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        var failed = await stack.WaitForStatusAsync("bp-apply-full", TenantStatus.Failed);

        Assert.Contains("'apply-too-many'", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("50 trait groups", failed.LastError, StringComparison.Ordinal);
        Assert.Null(failed.OrchestratorConfigurationId);
        var shown = (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/bp-apply-full")).GetProperty("blueprint");
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("appliedRevision").ValueKind);
    }

    private StoreSchemaClient Schema => stack.Host.Services.GetRequiredService<StoreSchemaClient>();

    private async Task<TwilioCredentials> CredentialsAsync(string accountSid)
    {
        using var scope = stack.Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AccountCredentials>().GetCredentialsAsync(accountSid, CancellationToken.None);
    }

    private async Task<HttpResponseMessage> WriteAccountTierAsync(string clientId)
    {
        using var client = stack.WithToken(await stack.TokenAsync(clientId, "memory:write"));
        // Raw JSON: group names are case-sensitive, and the web serializer would camelCase them.
        using var body = new StringContent("""{"traits":{"Contact":{"email":"ada@example.com"},"Account":{"tier":"gold"}}}""", System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync($"/v1/tenants/{clientId}/memory/Profiles", body);
    }
}
