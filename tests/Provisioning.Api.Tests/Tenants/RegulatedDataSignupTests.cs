using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Twilio Conversation Memory and Conversation Orchestrator are not HIPAA-eligible and not PCI-compliant (contract §12.5
/// P25): a signup that declares such data is refused with why, alone or in a batch, and records nothing.
/// </summary>
public sealed class RegulatedDataSignupTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Theory]
    [InlineData("hipaa", "HIPAA")]
    [InlineData("pci", "PCI")]
    public async Task A_signup_declaring_regulated_data_is_refused_with_422_saying_why(string classification, string regime)
    {
        var clientId = $"regulated-{classification}";
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, dataClassification = classification });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(regime, detail, StringComparison.Ordinal);
        Assert.Contains("Conversation Memory", detail, StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dataClassification", out _));
        using var lookup = await stack.ControlPlane.GetAsync($"/v1/tenants/{clientId}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Standard_data_is_the_default_and_an_unknown_classification_is_400()
    {
        using (var standard = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "classified-standard", dataClassification = "standard" }))
            Assert.Equal(HttpStatusCode.Accepted, standard.StatusCode);
        using (var unstated = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "classified-default" }))
            Assert.Equal(HttpStatusCode.Accepted, unstated.StatusCode);

        using var unknown = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "classified-secret", dataClassification = "secret" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dataClassification", out _));
    }

    [Fact]
    public async Task A_batch_item_declaring_regulated_data_is_answered_422_and_the_others_are_signed_up()
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new
        {
            tenants = new object[]
            {
                new { clientId = "batch-standard" },
                new { clientId = "batch-hipaa", dataClassification = "hipaa" },
            },
        });

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(202, results[0].GetProperty("status").GetInt32());
        Assert.Equal(422, results[1].GetProperty("status").GetInt32());
        Assert.Contains("HIPAA", results[1].GetProperty("problem").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, body.GetProperty("invalid").GetInt32());
        using var lookup = await stack.ControlPlane.GetAsync("/v1/tenants/batch-hipaa");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }
}
