using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Tenants;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>
/// Provisioning:DefaultBlueprint: the blueprint of a signup that names none. It cannot be checked at start (blueprints
/// live in the database), so a signup while it names no blueprint is refused, saying so, until it is created.
/// </summary>
public sealed class DefaultBlueprintTests(DefaultBlueprintTests.DefaultBlueprintStack stack) : IClassFixture<DefaultBlueprintTests.DefaultBlueprintStack>
{
    public sealed class DefaultBlueprintStack() : ProvisioningStack(("Provisioning:DefaultBlueprint", "standard"));

    [Fact]
    public async Task The_default_is_refused_while_missing_then_applied_to_signups_that_name_no_blueprint()
    {
        using var early = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "default-early" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Provisioning:DefaultBlueprint", problem.GetProperty("errors").GetProperty("blueprint")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants"));

        using var created = await stack.Admin.PostAsJsonAsync("/v1/blueprints", new { name = "standard", traitGroups = new[] { new { displayName = "Account" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var other = await stack.Admin.PostAsJsonAsync("/v1/blueprints", new { name = "premium", traitGroups = new[] { new { displayName = "Vip" } } });
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        using var defaulted = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "default-later" });
        using var named = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "default-named", blueprint = "premium" });
        var batch = await stack.BatchAsync([new { clientId = "default-batch" }]);

        Assert.Equal(HttpStatusCode.Accepted, defaulted.StatusCode);
        BlueprintSignupTests.AssertBlueprint(await defaulted.Content.ReadFromJsonAsync<JsonElement>(), "standard", 1);
        BlueprintSignupTests.AssertBlueprint(await named.Content.ReadFromJsonAsync<JsonElement>(), "premium", 1);
        BlueprintSignupTests.AssertBlueprint(batch.GetProperty("results")[0].GetProperty("tenant"), "standard", 1);
    }
}
