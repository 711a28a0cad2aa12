using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Tenants Failed for longer than <see cref="ProvisioningOptions.FailedSlotRetention"/> stop holding a slot nobody
/// uses, as far as that is safe for their client's data; the tenant decides how
/// (<see cref="Tenant.ActionAfterFailedRetention"/>, docs/reliability.md). A Failed tenant is not changed until an
/// admin acts on it, so its <c>updated_at</c> is when it failed. Each tenant is handled holding its run's lease (one that
/// is running, say an admin's retry, is left alone) and its row version.
/// </summary>
public sealed partial class FailedTenantRetention(
    ProvisioningDbContext db,
    TenantLeases leases,
    SlotLedger slotLedger,
    UnitOfWork unitOfWork,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    ILogger<FailedTenantRetention> logger)
{
    public const string RecurringJobId = "failed-tenant-retention";
    private const int BatchSize = 100;

    /// <summary>Recurring job (Provisioning:RetentionCron). Returns how many tenants gave their slot back or were offboarded.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.FailedSlotRetention;
        var failedBefore = time.GetUtcNow() - retention;
        var reason = $"Failed for longer than Provisioning:FailedSlotRetention ({retention})";
        var done = 0;
        Guid? after = null;
        while (true)
        {
            var candidates = db.Tenants.AsNoTracking()
                .Where(t => t.Status == TenantStatus.Failed && t.AccountSid != null && t.SlotReleasedAt == null && t.UpdatedAt < failedBefore)
                // Tenants that were Ready and still have their store keep it: no need to look at them every time.
                .Where(t => t.ReadyAt == null || (t.MemoryStoreId == null && t.OrchestratorConfigurationId == null));
            if (after is { } cursor) candidates = candidates.Where(t => t.Id.CompareTo(cursor) > 0);
            var ids = await candidates.OrderBy(t => t.Id).Select(t => t.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0) return done;
            foreach (var id in ids)
                if (await ExpireAsync(id, reason, failedBefore, cancellationToken)) done++;
            after = ids[^1];
        }
    }

    private async Task<bool> ExpireAsync(Guid tenantId, string reason, DateTimeOffset failedBefore, CancellationToken cancellationToken)
    {
        await using var tenantLock = await leases.TryHoldAsync(tenantId, "failed-tenant retention", cancellationToken);
        if (tenantLock is null) return false;
        db.ChangeTracker.Clear();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null || tenant.UpdatedAt >= failedBefore) return false;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        var now = time.GetUtcNow();
        switch (tenant.ActionAfterFailedRetention)
        {
            case FailedRetentionAction.ReleaseSlot:
                var accountSid = tenant.AccountSid!;
                await unitOfWork.ExecuteAsync(async ct =>
                {
                    await slotLedger.StageSlotReleaseAsync(accountSid, ct);
                    tenant.ReleaseFailedSlot(reason, now);
                    await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
                }, cancellationToken);
                LogSlotReleased(logger, tenant.ClientId, accountSid);
                return true;
            case FailedRetentionAction.Offboard:
                tenant.OffboardAfterFailedRetention(reason, now);
                tenant.Runs.Request(now);
                await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
                LogOffboarded(logger, tenant.ClientId);
                return true;
            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId}, Failed past the retention with nothing at Twilio, gave its slot in {AccountSid} back; it stays Failed")]
    private static partial void LogSlotReleased(ILogger logger, string clientId, string accountSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {ClientId}, Failed past the retention and never Ready, is offboarded: what it made at Twilio is erased")]
    private static partial void LogOffboarded(ILogger logger, string clientId);
}
