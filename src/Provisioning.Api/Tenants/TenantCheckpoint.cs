using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Tenants;

/// <summary>
/// A saga's save point: the tenant's progress reaches the database, and the run's lease is renewed with it when a
/// third of it has gone. Only a few
/// writers may change the row while a run holds it: a settings change (PATCH), a command asking for another run, and
/// the holder's own lease heartbeat. When that is all that changed, their values are taken and this run's progress
/// saved; anything else (another process took the run over: its lease expired) is a real conflict and ends the run.
/// </summary>
public sealed class TenantCheckpoint(ProvisioningDbContext db, RunHolder holder, TimeProvider time, IOptions<ProvisioningOptions> options)
{
    /// <summary>Every run-state column but the holder's name: another holder means this run lost its lease.</summary>
    private static readonly HashSet<string> Commuting =
    [
        nameof(Tenant.DisplayName), nameof(Tenant.CallbackUrl), nameof(Tenant.Orchestrator), nameof(Tenant.SettingsRevision),
        nameof(Tenant.RunDueAt), nameof(Tenant.RunHeldUntil), nameof(Tenant.RunAttempt), nameof(Tenant.Version),
    ];

    // Progress must reach the database even when the run is being cancelled: losing an operation id that Twilio
    // already issued is exactly what would make the next run create a duplicate.
    public async Task SaveAsync(Tenant tenant)
    {
        tenant.Runs.ExtendLease(holder.Id, time.GetUtcNow(), options.Value.RunLease);
        await TenantConflicts.SaveAsync(db, Commuting, CancellationToken.None);
    }
}
