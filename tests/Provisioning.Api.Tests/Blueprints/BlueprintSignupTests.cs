using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Tenants;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>A signup names the blueprint its tenant is to be shaped by; the tenant records its latest revision then.</summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class BlueprintSignupTests(ProvisioningStack stack)
{
    [Fact]
    public async Task A_signup_naming_a_blueprint_records_its_latest_revision_on_the_tenant()
    {
        await PutAsync("signup-model", "Account");
        await PutAsync("signup-model", "Support");

        using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-signup-1", blueprint = "signup-model" });

        Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        AssertBlueprint(await signup.Content.ReadFromJsonAsync<JsonElement>(), "signup-model", 2);
        await stack.WaitForStatusAsync("bp-signup-1", TenantStatus.Ready);
        AssertBlueprint(await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/bp-signup-1"), "signup-model", 2, applied: 2);

        // A later revision is for a rollout to bring: the tenant keeps the revision it signed up with.
        await PutAsync("signup-model", "Billing");
        AssertBlueprint(await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/bp-signup-1"), "signup-model", 2, applied: 2);
    }

    [Fact]
    public async Task A_signup_without_a_blueprint_and_no_default_has_none()
    {
        using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-none-1" });

        Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await signup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("blueprint").ValueKind);
    }

    [Fact]
    public async Task A_signup_naming_no_blueprint_there_is_is_a_422_naming_it_and_records_nothing()
    {
        using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-unknown-1", blueprint = "no-such-model" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, signup.StatusCode);
        Assert.Equal("application/problem+json", signup.Content.Headers.ContentType?.MediaType);
        var problem = await signup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no-such-model", problem.GetProperty("errors").GetProperty("blueprint")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id = 'bp-unknown-1'"));
    }

    [Fact]
    public async Task A_malformed_blueprint_name_is_a_400_naming_it()
    {
        using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-bad-1", blueprint = "Not A Name" });

        Assert.Equal(HttpStatusCode.BadRequest, signup.StatusCode);
        Assert.True((await signup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("blueprint", out _));
    }

    [Fact]
    public async Task A_repeated_signup_naming_another_blueprint_is_a_409_and_one_naming_none_repeats_it()
    {
        await PutAsync("repeat-a", "Account");
        await PutAsync("repeat-b", "Account");
        using var first = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-repeat-1", blueprint = "repeat-a" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var same = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-repeat-1", blueprint = "repeat-a" });
        using var unnamed = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-repeat-1" });
        using var other = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "bp-repeat-1", blueprint = "repeat-b" });

        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unnamed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("repeat-a", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_records_each_items_blueprint_and_answers_an_unknown_one_with_a_422_item()
    {
        await PutAsync("batch-model", "Account");

        var batch = await stack.BatchAsync(
        [
            new { clientId = "bp-batch-1", blueprint = "batch-model" },
            new { clientId = "bp-batch-2", blueprint = "no-such-batch-model" },
            new { clientId = "bp-batch-3" },
        ]);

        Assert.Equal([202, 422, 202], BatchSignups.Statuses(batch));
        var results = batch.GetProperty("results");
        AssertBlueprint(results[0].GetProperty("tenant"), "batch-model", 1);
        Assert.True(results[1].GetProperty("problem").GetProperty("errors").TryGetProperty("blueprint", out _));
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("tenant").GetProperty("blueprint").ValueKind);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id = 'bp-batch-2'"));
        AssertBlueprint(await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/bp-batch-1"), "batch-model", 1);
    }

    /// <summary><paramref name="applied"/>: the revision onboarding applied to the store (null until it has).</summary>
    internal static void AssertBlueprint(JsonElement tenant, string name, int revision, int? applied = null)
    {
        var blueprint = tenant.GetProperty("blueprint");
        Assert.Equal(name, blueprint.GetProperty("name").GetString());
        Assert.Equal(revision, blueprint.GetProperty("revision").GetInt32());
        if (applied is null) Assert.Equal(JsonValueKind.Null, blueprint.GetProperty("appliedRevision").ValueKind);
        else Assert.Equal(applied, blueprint.GetProperty("appliedRevision").GetInt32());
    }

    private async Task PutAsync(string name, string group)
    {
        using var put = await stack.Admin.PutAsJsonAsync($"/v1/blueprints/{name}", new { traitGroups = new[] { new { displayName = group } } });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }
}
