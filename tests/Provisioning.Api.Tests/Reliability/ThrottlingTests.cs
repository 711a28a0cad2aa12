using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>Twilio's 429s slow a signup down; however many there are, they never use up its attempts.</summary>
public sealed class ThrottlingTests(ThrottlingTests.FewAttemptsStack stack) : IClassFixture<ThrottlingTests.FewAttemptsStack>
{
    // No client-side retries and two attempts: before, the third 429 failed the tenant.
    public sealed class FewAttemptsStack() : ProvisioningStack(("Provisioning:MaxAttempts", "2"), ("Twilio:MaxRetryAttempts", "0"),
        ("Provisioning:RetryBaseDelay", "00:00:00.050"));

    [Fact]
    public async Task A_signup_throttled_more_times_than_it_has_attempts_ends_Ready_with_one_store()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = 1, Times = 4,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "throttled-1" });
        var ready = await stack.WaitForStatusAsync("throttled-1", TenantStatus.Ready, TimeSpan.FromSeconds(60));

        Assert.Empty(await stack.Emulator.GetFaultsAsync()); // all four 429s were met
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-throttled-1");
        Assert.NotNull(ready.MemoryStoreId);
    }
}
