using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Tenants written straight to the database, as many signups would have left them, without the minutes of real
/// signups: a quota can then be tested at its shipped default. No run is due, so no worker provisions them.
/// </summary>
internal static class RecordedTenants
{
    /// <summary>Records <paramref name="count"/> tenants named <paramref name="prefix"/>0, <paramref name="prefix"/>1, …</summary>
    public static async Task RecordIdleTenantsAsync(this ProvisioningStack stack, string prefix, int count, TenantIsolation isolation)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(1000))
        {
            await using var scope = stack.Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            foreach (var i in chunk) db.Tenants.Add(Idle($"{prefix}{i}", isolation));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Records one tenant; its id.</summary>
    public static async Task<Guid> RecordIdleTenantAsync(this ProvisioningStack stack, string clientId)
    {
        await using var scope = stack.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        var tenant = Idle(clientId, TenantIsolation.Pooled);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    private static Tenant Idle(string clientId, TenantIsolation isolation)
    {
        var tenant = new Tenant(clientId, null, OrchestratorSettings.Default, null, isolation, DateTimeOffset.UtcNow);
        tenant.RunDueAt = null;
        return tenant;
    }
}
