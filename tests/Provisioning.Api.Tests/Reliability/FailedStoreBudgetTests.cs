using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Contract §12.1 P3 at the shipped retry budget: each store Twilio reports FAILED is deleted and costs one attempt of
/// <c>Provisioning:MaxAttempts</c>; when the budget is spent the tenant is Failed with the reason, and no FAILED store is
/// left holding its name. The shared stack runs a budget of 4 for speed, which would prove nothing about the default.
/// </summary>
public sealed class FailedStoreBudgetTests(FailedStoreBudgetTests.ShippedBudgetStack stack) : IClassFixture<FailedStoreBudgetTests.ShippedBudgetStack>
{
    private const string StoresPath = "/v1/ControlPlane/Stores";
    private static readonly int ShippedMaxAttempts = new ProvisioningOptions().MaxAttempts;

    public sealed class ShippedBudgetStack() : ProvisioningStack(("Provisioning:MaxAttempts", ShippedMaxAttempts.ToString()));

    [Fact]
    public async Task P3_stores_that_keep_failing_spend_the_retry_budget_then_the_tenant_is_Failed_with_the_reason()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = StoresPath, Kind = FaultKind.FailOperation, Times = 100 });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "always-failed-1" });
        var failed = await stack.WaitForStatusAsync("always-failed-1", TenantStatus.Failed, TimeSpan.FromSeconds(180));

        // One attempt per FAILED store, each deleted before the next.
        Assert.Contains($"Gave up after {ShippedMaxAttempts} attempts", failed.LastError);
        Assert.Contains("FAILED", failed.LastError);
        var creates = (await stack.Emulator.GetRequestsAsync())
            .Count(r => r.Method == "POST" && r.Path == StoresPath && r.Body?.Contains("\"client-always-failed-1\"") == true);
        Assert.Equal(ShippedMaxAttempts, creates);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-always-failed-1");
    }
}
