using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Reconciliation;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Answers Twilio's API never gives, from something between the service and Twilio or a wrong base URL: a redirect is
/// not followed (it would carry the parent's credentials and the request wherever it points), and a page link that
/// leads back to a page already read ends the listing with a clear error instead of calling Twilio for ever.
/// </summary>
public sealed class TwilioAnswerBoundsTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => stack.Emulator.ClearFaultsAsync();

    [Fact]
    public async Task A_redirect_from_Twilio_is_not_followed_and_fails_the_call()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync("an-off-host-receiver");
        // 307 keeps the method and the body: followed, the store create and its credentials would arrive elsewhere.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Redirect, Status = 307, Location = elsewhere.UrlOf("/stolen"),
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "redirected-1" });
        var failed = await stack.WaitForStatusAsync("redirected-1", TenantStatus.Failed);

        Assert.Empty(elsewhere.RequestPaths);
        Assert.Contains("307", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("redirect", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_listing_whose_next_page_is_itself_ends_with_a_clear_error()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "paged-1" });
        await stack.WaitForStatusAsync("paged-1", TenantStatus.Ready);
        // Every store list answer names itself as the next page, for far longer than a run may take.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "GET", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.RepeatPage, Times = 1_000_000,
        });

        var id = await stack.Admin.StartRunAsync(dryRun: true);
        var run = await FinishedRunAsync(id);

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("leads back to a page already read", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        var storeLists = (await stack.Emulator.GetRequestsUnderAsync("/v1/ControlPlane/Stores"))
            .Count(r => r.Method == "GET" && r.Path == "/v1/ControlPlane/Stores");
        Assert.InRange(storeLists, 2, 2 * 8); // each account's listing asks for its first page twice, then stops
    }

    private async Task<JsonElement> FinishedRunAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var run = (await stack.Admin.GetFromJsonAsync<JsonElement>($"/v1/reconciliations/{id}")).GetProperty("run");
            if (run.GetProperty("status").GetString() != "Running") return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Reconciliation {id} is still running: its store listing never ended.");
    }
}
