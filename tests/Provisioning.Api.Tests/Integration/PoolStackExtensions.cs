using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Integration;

/// <summary>What the account pool tests do to a stack: tenants placed in accounts, keys as Twilio and the database hold them.</summary>
internal static class PoolStackExtensions
{
    /// <summary>Signs a client up (<paramref name="isolation"/> null: the deployment's default) and waits until it is Ready.</summary>
    public static async Task<TenantView> SignUpReadyAsync(this ProvisioningStack stack, string clientId, string? isolation = null)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, isolation });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await stack.WaitForStatusAsync(clientId, TenantStatus.Ready, TimeSpan.FromSeconds(60));
    }

    /// <summary>Offboards the tenant now and waits until it is Deleted.</summary>
    public static async Task OffboardAsync(this ProvisioningStack stack, string clientId)
    {
        using var response = await stack.Admin.DeleteAsync($"/v1/tenants/{clientId}?immediate=true&reason=test");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await stack.WaitForStatusAsync(clientId, TenantStatus.Deleted, TimeSpan.FromSeconds(60));
    }

    /// <summary><c>GET /v1/accounts</c>.</summary>
    public static Task<JsonElement> PoolAsync(this ProvisioningStack stack) => stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");

    /// <summary>One account of a <c>GET /v1/accounts</c> answer.</summary>
    public static JsonElement Account(this JsonElement pool, string sid) =>
        pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == sid);

    /// <summary>The account as Twilio (the emulator) has it.</summary>
    public static async Task<AccountSnapshot> AccountAtTwilioAsync(this ProvisioningStack stack, string sid) =>
        (await stack.Emulator.GetStateAsync()).Accounts.Single(a => a.Sid == sid);

    /// <summary>
    /// With one tenant per account (Twilio:StoreCapPerAccount=1): signs <paramref name="clientId"/> up, and one more
    /// when it lands in the parent, so that the tenant returned holds a subaccount of its own.
    /// </summary>
    public static async Task<TenantView> SignUpInASubaccountAsync(this ProvisioningStack stack, string clientId)
    {
        var tenant = await stack.SignUpReadyAsync(clientId);
        return tenant.AccountSid != stack.Emulator.ParentAccountSid ? tenant : await stack.SignUpReadyAsync(clientId + "-2");
    }

    /// <summary>The SIDs of the account's API keys at Twilio.</summary>
    public static async Task<List<string>> KeysAtTwilioAsync(this ProvisioningStack stack, string accountSid) =>
        (await stack.Emulator.GetStateAsync()).ApiKeys.Where(k => k.AccountSid == accountSid).Select(k => k.Sid).ToList();

    /// <summary>
    /// Runs a key rotation's first step (a new key, recorded as pending) <paramref name="times"/> times, as a rotation
    /// killed right after it (and run again) would leave it; returns the pending key.
    /// </summary>
    public static async Task<string> RecordPendingKeyAsync(this ProvisioningStack stack, string accountSid, int times = 1)
    {
        await using var scope = stack.Host.Services.CreateAsyncScope();
        var rotation = scope.ServiceProvider.GetRequiredService<AccountKeyRotation>();
        var account = await rotation.FindRotatableAsync(accountSid, CancellationToken.None);
        for (var i = 0; i < times; i++) await rotation.EnsurePendingKeyAsync(account, CancellationToken.None);
        return account.PendingCredentialSid!;
    }

    /// <summary>The key the service acts in the account with.</summary>
    public static async Task<string?> CurrentKeyOfAsync(this ProvisioningStack stack, string accountSid)
    {
        await using var scope = stack.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        return await db.PoolAccounts.Where(a => a.Sid == accountSid).Select(a => a.CredentialSid).SingleAsync();
    }
}
