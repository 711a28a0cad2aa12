using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>
/// What admins (and reconciliation) do to tenants after signup. Each operation loads the tenant, asks it for
/// the change (it refuses what its status does not allow) and records, in the same transaction, that the tenant's
/// run is due: the runner carries the change out. The endpoints are thin adapters over this.
/// </summary>
public sealed class TenantAdministration(
    ProvisioningDbContext db, UnitOfWork unitOfWork, SlotLedger slotLedger, TimeProvider time, IOptions<ProvisioningOptions> options)
{
    /// <summary>Resumes a Failed tenant from where it stopped, with a fresh retry budget.</summary>
    public async Task<Tenant> RetryAsync(string clientId, CancellationToken cancellationToken, string? reason = null)
    {
        RequireValidReason(reason);
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        tenant.Retry(reason);
        tenant.Runs.Request(time.GetUtcNow());
        await SaveAsync(tenant);
        return tenant;
    }

    /// <summary>Retries every Failed tenant (of one account), started at a throttled rate so that it is never a burst against Twilio.</summary>
    public async Task<IReadOnlyList<Tenant>> RetryFailedAsync(string? accountSid, string reason, int limit, CancellationToken cancellationToken)
    {
        var failed = db.Tenants.Where(t => t.Status == TenantStatus.Failed);
        if (accountSid is not null) failed = failed.Where(t => t.AccountSid == accountSid);
        var tenants = await failed.OrderBy(t => t.Id).Take(limit).ToListAsync(cancellationToken);

        // Due at a throttled rate, so that a bulk retry is never a burst against Twilio.
        var now = time.GetUtcNow();
        var perSecond = options.Value.BulkRetryPerSecond;
        for (var i = 0; i < tenants.Count; i++)
        {
            tenants[i].Retry(reason, inBulk: true);
            tenants[i].Runs.RequestAt(now + TimeSpan.FromSeconds((double)i / perSecond));
        }
        await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
        return tenants;
    }

    /// <summary>Repair or recreate; the tenant's run carries it out.</summary>
    public async Task<Tenant> ReprovisionAsync(string clientId, ReprovisionMode mode, string reason, bool deleteOldStore,
        CancellationToken cancellationToken)
    {
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        if (mode == ReprovisionMode.Recreate)
        {
            tenant.RequestRecreate(reason, deleteOldStore, time.GetUtcNow());
            tenant.Runs.Request(time.GetUtcNow());
            // The new store lives beside the old one until the switch: a second slot in the same account, taken
            // in the transaction that records the recreate, so concurrent recreates cannot take two.
            if (!await SaveConcurrentlyAsync(tenant, () => unitOfWork.ExecuteAsync(async ct =>
                {
                    if (!await slotLedger.TryStageExtraSlotAsync(tenant.AccountSid!, ct)) return false;
                    await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
                    return true;
                }, cancellationToken)))
                throw new ConflictException($"Account {tenant.AccountSid} has no free slot for a second store; raise its capacity (PATCH /v1/accounts/{tenant.AccountSid}) or use mode \"repair\".");
        }
        else
        {
            tenant.RequestRepair(reason);
            tenant.Runs.Request(time.GetUtcNow());
            await SaveAsync(tenant);
        }
        return tenant;
    }

    /// <summary>
    /// Reconciliation found the tenant's store or configuration gone or pointing elsewhere: repair it, adopting
    /// <paramref name="adoption"/> when that is the tenant's own store found unrecorded. Refused (409) unless the tenant is Ready or Failed, or when its store changed since.
    /// </summary>
    public async Task RepairAsync(Guid tenantId, StoreAdoption? adoption, string reason, string actor, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, cancellationToken);
        tenant.RequestRepair(reason, actor, adoption);
        tenant.Runs.Request(time.GetUtcNow());
        await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
    }

    /// <summary>Offboarding: deleted after the grace period, or now; a stuck deletion is retried with <paramref name="immediate"/>.</summary>
    public async Task<Tenant> OffboardAsync(string clientId, bool immediate, string? reason, CancellationToken cancellationToken)
    {
        RequireValidReason(reason);
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        tenant.RequestDeletion(immediate, options.Value.DeletionGracePeriod, reason, time.GetUtcNow());
        tenant.Runs.Request(time.GetUtcNow());
        await SaveAsync(tenant);
        return tenant;
    }

    /// <summary>Ends an erasure Twilio keeps refusing: what remains is recorded as residual and the tenant is Deleted.</summary>
    public async Task<Tenant> AcceptResidualErasureAsync(string clientId, string reason, CancellationToken cancellationToken)
    {
        RequireValidReason(reason);
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        tenant.AcceptResidualErasure(reason, time.GetUtcNow());
        await SaveAsync(tenant);
        return tenant;
    }

    public async Task<Tenant> CancelDeletionAsync(string clientId, string? reason, CancellationToken cancellationToken)
    {
        RequireValidReason(reason);
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        tenant.CancelDeletion(reason);
        await SaveAsync(tenant);
        return tenant;
    }

    /// <summary>Reasons that come as a query or an optional body have no validator of their own: checked before anything is read or written.</summary>
    private static void RequireValidReason(string? reason)
    {
        if (!TenantRules.IsValidReason(reason))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("reason",
                $"'reason' is at most {TenantRules.ReasonMaxLength} characters, without control characters.")]);
    }

    private Task SaveAsync(Tenant tenant) => SaveConcurrentlyAsync(tenant, async () =>
    {
        await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
        return true;
    });

    /// <summary>
    /// Saves an admin's change; when another change of the tenant won the race (its row version moved on, or the
    /// same retired store was recorded first), the loser is told so with a 409 and nothing of it is saved.
    /// </summary>
    private static async Task<bool> SaveConcurrentlyAsync(Tenant tenant, Func<Task<bool>> save)
    {
        try
        {
            return await save();
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException($"Tenant '{tenant.ClientId}' was changed by another request at the same time; read it again and retry if still needed.");
        }
    }
}
