using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Closes subaccounts that have held nothing for <see cref="AccountPoolOptions.CloseEmptySubaccountsAfter"/> (off when
/// unset). "Nothing": no live tenant placed there, no slot held (so no store of ours, current or retired), nothing
/// foreign counted; and, checked at Twilio right before, no store and no configuration at all. The decision is taken
/// and recorded under the slot lock, so no placement can land in an account being closed; Twilio's close (A4,
/// <c>Status=closed</c>, final) follows, and a crash in between is finished by the next run. The parent is never
/// closed, nor an account whose slots the pool's headroom needs, nor a dedicated subaccount whose tenant lives. A
/// closed subaccount no longer counts against Twilio:MaxSubaccounts (contract §9: Twilio does not count it, and
/// deletes it 30 days later).
/// </summary>
public sealed partial class EmptySubaccountCloser(
    ProvisioningDbContext db,
    SlotLedger slotLedger,
    PoolCapacity poolCapacity,
    AccountCredentials accountCredentials,
    ForeignResources foreignResources,
    SubaccountClosure subaccountClosure,
    TwilioParents parents,
    TimeProvider time,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<EmptySubaccountCloser> logger)
{
    public const string RecurringJobId = "close-empty-subaccounts";
    private readonly AccountPoolOptions _options = poolOptions.Value;

    /// <summary>Recurring job: notes which subaccounts are empty since when, and closes those empty for long enough. Returns how many it closed.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_options.CloseEmptySubaccountsAfter is not { } after) return 0;
        var now = time.GetUtcNow();
        await slotLedger.UnderSlotLockAsync(() => TrackEmptinessAsync(now, cancellationToken), cancellationToken);

        var cutoff = now - after;
        // Only a configured parent's credentials can close its subaccounts.
        var parentSids = parents.Sids;
        var due = await db.PoolAccounts
            .Where(a => !a.IsParent && a.Status == PoolAccountStatus.Active && parentSids.Contains(a.ParentSid)
                        && (a.CloseRequestedAt != null || a.EmptySince <= cutoff))
            .OrderBy(a => a.PoolIndex)
            .ToListAsync(cancellationToken);
        var closed = 0;
        foreach (var account in due)
        {
            try
            {
                if (await TryCloseAsync(account, cutoff, cancellationToken)) closed++;
            }
            catch (TwilioApiException e)
            {
                LogCloseFailed(logger, account.Sid, e.Message);
            }
        }
        return closed;
    }

    /// <summary>Subaccounts in the pool that hold nothing the database knows of.</summary>
    private IQueryable<PoolAccount> EmptySubaccounts() => db.PoolAccounts.Where(a =>
        !a.IsParent && a.Status == PoolAccountStatus.Active && a.CloseRequestedAt == null
        && a.StoresOurs == 0 && a.StoresForeign == 0 && a.ConfigurationsForeign == 0
        && !db.Tenants.Any(t => t.AccountSid == a.Sid && t.Status != TenantStatus.Deleted)
        // A dedicated subaccount is its tenant's while the tenant lives (one Failed past its retention has given its slot
        // back, and finds its account again on a retry); offboarding closes it.
        && !db.Tenants.Any(t => t.Id == a.DedicatedTenantId && t.Status != TenantStatus.Deleted)
        // A store Twilio would not delete (a residual an admin accepted) keeps the account open: closing would erase it.
        && !db.RetiredStores.Any(r => r.AccountSid == a.Sid && r.DeletedAt == null));

    /// <summary>Empty since now for accounts that just became empty; not empty for those that hold something again.</summary>
    private async Task<int> TrackEmptinessAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marked = await EmptySubaccounts().Where(a => a.EmptySince == null)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.EmptySince, now), cancellationToken);
        var empty = EmptySubaccounts().Select(a => a.Sid);
        await db.PoolAccounts.Where(a => a.EmptySince != null && a.CloseRequestedAt == null && !empty.Contains(a.Sid))
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.EmptySince, (DateTimeOffset?)null), cancellationToken);
        return marked;
    }

    /// <summary>Closes one account that is (or was decided to be) closed; false when it turned out not to be empty after all.</summary>
    private async Task<bool> TryCloseAsync(PoolAccount account, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (account.CloseRequestedAt is null && !await DecideToCloseAsync(account, cutoff, cancellationToken)) return false;

        var emptySince = account.EmptySince ?? account.CloseRequestedAt!.Value;
        await subaccountClosure.CloseSubaccountAsync(account, cancellationToken);
        await db.SaveChangesAsync(CancellationToken.None);
        await subaccountClosure.RecordClosedAsync(account, cancellationToken);
        LogClosed(logger, account.Sid, account.FriendlyName, emptySince);
        return true;
    }

    /// <summary>
    /// Twilio is asked first what the account holds (something made behind the service's back is recorded as foreign,
    /// and the account stays); then, under the slot lock, emptiness is checked again and the close recorded.
    /// </summary>
    private async Task<bool> DecideToCloseAsync(PoolAccount account, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var credentials = await accountCredentials.GetCredentialsAsync(account.Sid, cancellationToken);
        var foreign = await foreignResources.RecordForeignResourcesAsync(account, credentials, time.GetUtcNow(), cancellationToken);
        return await slotLedger.UnderSlotLockAsync(async () =>
        {
            if (foreign > 0)
            {
                await db.SaveChangesAsync(CancellationToken.None);
                LogForeignFound(logger, account.Sid, foreign);
                return false;
            }
            if (!await EmptySubaccounts().AnyAsync(a => a.Sid == account.Sid && a.EmptySince <= cutoff, cancellationToken)) return false;
            if (await poolCapacity.FreeSlotsAsync(cancellationToken, exceptAccountSid: account.Sid) < _options.HeadroomSlots) return false;
            account.RequestClose(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subaccount {AccountSid} ({FriendlyName}), empty since {EmptySince}, is closed and leaves the pool")]
    private static partial void LogClosed(ILogger logger, string accountSid, string friendlyName, DateTimeOffset emptySince);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subaccount {AccountSid} looked empty but Twilio holds {Foreign} stores or configurations that are not ours: recorded as foreign, not closed")]
    private static partial void LogForeignFound(ILogger logger, string accountSid, int foreign);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subaccount {AccountSid} could not be closed yet, trying again later: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string accountSid, string reason);
}
