using Provisioning.Api.Gateway;

namespace Provisioning.UnitTests.Gateway;

/// <summary>The gateway serves exactly the Memory data-plane routes of §11 under the tenant's store; every other path matches nothing.</summary>
public sealed class MemoryRouteTests
{
    private const string Profile = "mem_profile_01234567890123456789abcdef";
    private const string Observation = "mem_observation_01234567890123456789abcdef";
    private const string Summary = "mem_summary_01234567890123456789abcdef";
    private const string Import = "mem_import_01234567890123456789abcdef";

    [Theory]
    [InlineData("GET", "Profiles", "memory:read")]
    [InlineData("POST", "Profiles", "memory:write")]
    [InlineData("POST", "Profiles/Lookup", "memory:read")]
    [InlineData("PUT", "Profiles/Bulk", "memory:write")]
    [InlineData("POST", "Profiles/Imports", "memory:write")]
    [InlineData("GET", "Profiles/Imports", "memory:read")]
    [InlineData("GET", $"Profiles/Imports/{Import}", "memory:read")]
    [InlineData("GET", $"Profiles/{Profile}", "memory:read")]
    [InlineData("PATCH", $"Profiles/{Profile}", "memory:write")]
    [InlineData("DELETE", $"Profiles/{Profile}", "memory:write")]
    [InlineData("GET", $"Profiles/{Profile}/Traits", "memory:read")]
    [InlineData("POST", $"Profiles/{Profile}/Observations", "memory:write")]
    [InlineData("GET", $"Profiles/{Profile}/ConversationSummaries", "memory:read")]
    [InlineData("POST", $"Profiles/{Profile}/Recall", "memory:read")]
    [InlineData("GET", $"Profiles/{Profile}/Identifiers", "memory:read")]
    [InlineData("POST", $"Profiles/{Profile}/Identifiers", "memory:write")]
    [InlineData("GET", $"Profiles/{Profile}/Identifiers/email", "memory:read")]
    [InlineData("PATCH", $"Profiles/{Profile}/Identifiers/external_id", "memory:write")]
    [InlineData("DELETE", $"Profiles/{Profile}/Identifiers/phone", "memory:write")]
    [InlineData("GET", $"Profiles/{Profile}/Observations/{Observation}", "memory:read")]
    [InlineData("PATCH", $"Profiles/{Profile}/Observations/{Observation}", "memory:write")]
    [InlineData("DELETE", $"Profiles/{Profile}/Observations/{Observation}", "memory:write")]
    [InlineData("GET", $"Profiles/{Profile}/Observations/{Observation}/Revisions", "memory:read")]
    [InlineData("GET", $"Profiles/{Profile}/ConversationSummaries/{Summary}", "memory:read")]
    [InlineData("PATCH", $"Profiles/{Profile}/ConversationSummaries/{Summary}", "memory:write")]
    [InlineData("DELETE", $"Profiles/{Profile}/ConversationSummaries/{Summary}", "memory:write")]
    public void Each_data_plane_route_matches_and_names_the_scope_it_needs(string method, string path, string scope)
    {
        var match = MemoryRoute.Match("acme", $"/v1/tenants/acme/memory/{path}?pageSize=5");

        Assert.NotNull(match);
        Assert.Equal($"{path}?pageSize=5", match.Value.PathAndQuery);
        Assert.Equal(scope, match.Value.Route.ScopeFor(method));
    }

    [Theory]
    [InlineData("/v1/tenants/acme/memory/ControlPlane/Stores")]
    [InlineData("/v1/tenants/acme/memory/Stores/mem_store_other/Profiles")]
    [InlineData("/v1/tenants/acme/memory/Profiles/../../other/memory/Profiles")]
    [InlineData("/v1/tenants/acme/memory/Profiles/%2E%2E")]
    [InlineData("/v1/tenants/acme/memory/Profiles%2FLookup")]
    [InlineData("/v1/tenants/acme/memory/Profiles//Lookup")]
    [InlineData("/v1/tenants/acme/memory/Profiles/")]
    [InlineData("/v1/tenants/acme/memory/https://memory.twilio.com/v1/Stores")]
    [InlineData("/v1/tenants/acme/memory/profiles")]
    [InlineData("/v1/tenants/acme/memory/Profiles/mem_profile_short")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Observations/extra")]
    [InlineData("/v1/tenants/acme/memory/Profiles/Imports/mem_import_0abc")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Observations/mem_observation_short")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Observations/" + Summary)]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/ConversationSummaries/" + Observation)]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/ConversationSummaries/" + Summary + "/Revisions")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Identifiers/e")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Identifiers/abcdefghijklmnopqrstuvwxyz01234")]
    [InlineData("/v1/tenants/acme/memory/Profiles/" + Profile + "/Identifiers/email/extra")]
    [InlineData("/v1/tenants/other/memory/Profiles")]
    [InlineData("/v1/tenants/acme/memory")]
    public void Anything_else_matches_nothing(string path) => Assert.Null(MemoryRoute.Match("acme", path));

    [Fact]
    public void A_route_has_no_scope_for_a_method_it_does_not_take() =>
        Assert.Null(MemoryRoute.Match("acme", "/v1/tenants/acme/memory/Profiles")!.Value.Route.ScopeFor("DELETE"));

    [Theory]
    [InlineData("POST", $"Profiles/{Profile}/Recall", "gzip, br", true)]
    [InlineData("GET", $"Profiles/{Profile}/Observations", "gzip", true)]
    [InlineData("POST", $"Profiles/{Profile}/Observations", "gzip", true)]
    [InlineData("GET", $"Profiles/{Profile}/ConversationSummaries", "deflate", true)]
    [InlineData("POST", $"Profiles/{Profile}/ConversationSummaries", "gzip", true)]
    [InlineData("GET", $"Profiles/{Profile}/Observations/{Observation}/Revisions", "gzip", true)]
    [InlineData("GET", $"Profiles/{Profile}", "gzip", false)]                             // P15 does not list it
    [InlineData("GET", $"Profiles/{Profile}/Observations/{Observation}", "gzip", false)]
    [InlineData("GET", "Profiles", "gzip", false)]
    [InlineData("GET", $"Profiles/{Profile}/Observations", "gzip;q=1.0", false)]          // outside the spec's pattern
    [InlineData("GET", $"Profiles/{Profile}/Observations", "", false)]
    public void Accept_Encoding_goes_to_Twilio_only_where_P15_lists_it_and_as_its_pattern_allows(string method, string path, string acceptEncoding, bool forwarded)
    {
        var route = MemoryRoute.Match("acme", $"/v1/tenants/acme/memory/{path}")!.Value.Route;

        Assert.Equal(forwarded, route.ForwardsAcceptEncoding(method, acceptEncoding.Length == 0 ? default : new Microsoft.Extensions.Primitives.StringValues(acceptEncoding)));
    }
}
