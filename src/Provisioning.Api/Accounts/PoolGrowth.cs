using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Adds accounts to the pool: a parent joins when the fill reaches it; subaccounts are created at Twilio (A1, with the
/// service's API key, A5) in growth rounds when no shared account has a free slot, ahead of demand (headroom), and for
/// each dedicated tenant. One process grows the pool at a time (the growth lock); within a process, callers that find a
/// round running wait for it (<see cref="PoolGrowthRounds"/>).
/// </summary>
public sealed partial class PoolGrowth(
    ProvisioningDbContext db,
    AdvisoryLocks locks,
    AccountsClient accountsClient,
    SubaccountSecrets secrets,
    IBackgroundJobClient jobs,
    PoolMetrics metrics,
    TwilioParents parents,
    PoolGrowthRounds rounds,
    PoolCapacity capacity,
    ForeignResources foreignResources,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<PoolGrowth> logger)
{
    private readonly TwilioOptions _twilio = twilioOptions.Value;
    private readonly AccountPoolOptions _options = poolOptions.Value;

    /// <summary>
    /// No shared account has a free slot for a pooled signup: grows the pool (or waits for the round running) until the
    /// signup may look for a slot again.
    /// </summary>
    public async Task GrowForOneSlotAsync(CancellationToken cancellationToken)
    {
        // Under a burst, hundreds of signups wait for each growth round, and only some find room after it: the rest
        // learn that from the round's own count and wait for the next one. Had each asked the database, the next
        // round's leader would have queued behind hundreds of queries for every one of its own.
        do await GrowAsync(minimumFreeSlots: 1, cancellationToken);
        while (!rounds.TryClaimFreeSlot());
    }

    /// <summary>
    /// After a placement: when free slots fell below AccountPool:HeadroomSlots, queues <see cref="EnsureHeadroomAsync"/>
    /// (asked at most once a second per process, never while a round runs).
    /// </summary>
    public async Task RequestHeadroomIfLowAsync(CancellationToken cancellationToken)
    {
        if (_options.HeadroomSlots > 0 && rounds.TryClaimHeadroomRequest(time.GetUtcNow()) && await capacity.FreeSlotsAsync(cancellationToken) < _options.HeadroomSlots)
            jobs.Enqueue<PoolGrowth>(growth => growth.EnsureHeadroomAsync(CancellationToken.None));
    }

    /// <summary>Background job: make the next subaccount before signups need it.</summary>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Keep account pool headroom")]
    public async Task EnsureHeadroomAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GrowAsync(_options.HeadroomSlots, cancellationToken);
        }
        catch (PoolExhaustedException e)
        {
            LogCeilingReached(logger, e.Message);
        }
    }

    /// <summary>
    /// Adds shared accounts unless <paramref name="minimumFreeSlots"/> are already free: one growth round, or a wait for
    /// the round already running in this process (<see cref="PoolGrowthRounds"/>).
    /// </summary>
    private Task GrowAsync(int minimumFreeSlots, CancellationToken cancellationToken) =>
        rounds.RunOrJoinAsync(() => GrowRoundAsync(minimumFreeSlots, cancellationToken), cancellationToken);

    /// <summary>
    /// One round, under the growth lock (one process at a time, so signups arriving together never make more than the
    /// backlog needs): as many accounts as the signups waiting for a slot need, up to
    /// AccountPool:MaxParallelSubaccountCreations, their subaccounts created at Twilio in parallel.
    /// </summary>
    private async Task GrowRoundAsync(int minimumFreeSlots, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        var free = await capacity.FreeSlotsAsync(cancellationToken);
        if (free >= minimumFreeSlots)
        {
            rounds.ReportFreeSlots(free);
            return;
        }

        // The signups without a slot are the backlog (this one among them); headroom alone asks for one account.
        var waiting = await db.Tenants.CountAsync(t => t.AccountSid == null && t.Isolation == TenantIsolation.Pooled
                                                       && (t.Status == TenantStatus.Pending || t.Status == TenantStatus.Provisioning), cancellationToken);
        var perAccount = Math.Max(1, _twilio.TenantsPerAccount);
        var wanted = Math.Clamp((waiting - free + perAccount - 1) / perAccount, 1, _options.MaxParallelSubaccountCreations);
        var (joined, planned) = await PlanSharedAccountsAsync(wanted, cancellationToken);
        if (joined == 0 && planned.Count == 0)
            throw new PoolExhaustedException($"Every account is full and {await CeilingsAsync(cancellationToken)}: add a parent account (Twilio:Parents) or raise a ceiling.");
        if (planned.Count > 0) await AddSubaccountsAsync(planned, cancellationToken);
        rounds.ReportFreeSlots(await capacity.FreeSlotsAsync(cancellationToken));
    }

    /// <summary>
    /// <paramref name="wanted"/> more accounts in fill order: the first parent with room gets them, and when a parent
    /// is at its ceiling the next one joins the pool (its own account is the first of them) and takes the rest.
    /// Shared subaccounts are numbered per parent, among its shared ones alone, lowest free number first: a dedicated one
    /// made in between, or a subaccount of a parallel round that failed while others were added, must not change the name
    /// a lost reply left behind, which the next round, planning the same, looks for.
    /// </summary>
    private async Task<(int Joined, List<PlannedSubaccount> Planned)> PlanSharedAccountsAsync(int wanted, CancellationToken cancellationToken)
    {
        var inPool = await db.PoolAccounts.Where(a => a.IsParent).Select(a => a.Sid).ToListAsync(cancellationToken);
        var counts = await SubaccountCountsAsync(cancellationToken);
        var joined = 0;
        var planned = new List<PlannedSubaccount>();
        foreach (var parent in parents.All)
        {
            if (wanted == 0) break;
            if (!inPool.Contains(parent.AccountSid))
            {
                await JoinParentAsync(parent, cancellationToken);
                joined++;
                if (--wanted == 0) break;
            }
            var open = counts.GetValueOrDefault(parent.AccountSid);
            var take = Math.Min(wanted, Math.Max(0, parent.MaxSubaccounts - open));
            if (take == 0) continue;
            var taken = (await db.PoolAccounts.Where(a => a.ParentSid == parent.AccountSid && !a.IsParent && a.DedicatedTenantId == null)
                .Select(a => a.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var names = Enumerable.Range(1, int.MaxValue - 1).Select(_options.PooledSubaccountName).Where(n => !taken.Contains(n)).Take(take);
            planned.AddRange(names.Select((name, i) => new PlannedSubaccount(parent, name, DedicatedTenantId: null, open + i + 1)));
            wanted -= take;
        }
        return (joined, planned);
    }

    /// <summary>Per parent: the subaccounts it owns (closed ones do not count, §9).</summary>
    private async Task<Dictionary<string, int>> SubaccountCountsAsync(CancellationToken cancellationToken) =>
        await db.PoolAccounts.Where(a => !a.IsParent && a.Status != PoolAccountStatus.Closed).GroupBy(a => a.ParentSid)
            .Select(g => new { Parent = g.Key, Open = g.Count() })
            .ToDictionaryAsync(g => g.Parent, g => g.Open, StringComparer.Ordinal, cancellationToken);

    /// <summary>Every parent's subaccounts against its ceiling, for the message that says the pool is exhausted.</summary>
    private async Task<string> CeilingsAsync(CancellationToken cancellationToken)
    {
        var counts = await SubaccountCountsAsync(cancellationToken);
        if (parents.All is [var only])
            return $"the parent owns {counts.GetValueOrDefault(only.AccountSid)} of at most {only.MaxSubaccounts} subaccounts (Twilio:MaxSubaccounts)";
        var each = parents.All.Select(p => $"parent {p.Name} ({p.AccountSid}) owns {counts.GetValueOrDefault(p.AccountSid)} of at most {p.MaxSubaccounts} subaccounts");
        return string.Join("; ", each) + " (Twilio:Parents:N:MaxSubaccounts)";
    }

    /// <summary>
    /// The dedicated tenant's open subaccount, created for it when it has none, under the first parent with room. Under
    /// the growth lock like every subaccount, so each ceiling counts it exactly and two runs never make two. Returns its SID.
    /// </summary>
    public async Task<string> EnsureDedicatedSubaccountAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        if (await capacity.DedicatedAccountOf(tenant.Id).Select(a => a.Sid).FirstOrDefaultAsync(cancellationToken) is { } existing) return existing;
        // The first parent is the pool's first account, as it always was.
        if (!await db.PoolAccounts.AnyAsync(a => a.IsParent, cancellationToken)) await JoinParentAsync(parents.All[0], cancellationToken);

        var counts = await SubaccountCountsAsync(cancellationToken);
        var parent = parents.All.FirstOrDefault(p => counts.GetValueOrDefault(p.AccountSid) < p.MaxSubaccounts)
                     ?? throw new PoolExhaustedException($"Dedicated tenant {tenant.ClientId} needs a subaccount of its own and {await CeilingsAsync(cancellationToken)}.");
        var plan = new PlannedSubaccount(parent, _options.DedicatedSubaccountName(tenant.ClientId), tenant.Id, counts.GetValueOrDefault(parent.AccountSid) + 1);
        return (await AddSubaccountsAsync([plan], cancellationToken))[0];
    }

    /// <summary>
    /// Creates the <paramref name="planned"/> subaccounts at Twilio in parallel (or finds the ones a lost reply left),
    /// makes the service's API key in each and adds them to the pool in one save. The caller holds the growth lock.
    /// A subaccount that could not be made is left to the next round, which plans the same name and finds it if Twilio
    /// made it; when none could be made, the first failure is thrown. Returns the SIDs added.
    /// </summary>
    private async Task<List<string>> AddSubaccountsAsync(IReadOnlyList<PlannedSubaccount> planned, CancellationToken cancellationToken)
    {
        var names = planned.Select(p => p.Name).ToList();
        var inPool = (await db.PoolAccounts.Where(a => names.Contains(a.FriendlyName)).Select(a => a.Sid).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var attempts = planned.Select(p => CreateAtTwilioAsync(p, inPool, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (Exception) when (attempts.Any(a => a.IsCompletedSuccessfully))
        {
            foreach (var (attempt, plan) in attempts.Zip(planned).Where(x => !x.First.IsCompletedSuccessfully))
                LogSubaccountNotAdded(logger, plan.Name, plan.Parent.Name, attempt.Exception?.GetBaseException().Message ?? "cancelled");
        }

        var now = time.GetUtcNow();
        var index = await NextPoolIndexAsync(cancellationToken);
        var added = new List<CreatedSubaccount>();
        foreach (var created in attempts.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result))
        {
            var account = new PoolAccount(created.Subaccount.Sid, created.Parent.AccountSid, index++, created.Plan.Name, isParent: false,
                _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now, created.Plan.DedicatedTenantId);
            var secret = created.Key.Secret ?? throw new InvalidOperationException("Twilio returned an API key without its secret.");
            account.SetCredentials(created.Key.Sid, secrets.Protect(secret), now);
            if (created.Adopted)
            {
                await foreignResources.RecordForeignResourcesAsync(account, new TwilioCredentials(account.Sid, created.Key.Sid, secret), now, cancellationToken);
                // The attempt that created the subaccount may have made a key too, whose secret died with it: the key
                // housekeeping deletes every key of ours but this one.
                account.ScheduleRetiredKeysDeletion(now + _twilio.ConsistencyWindow);
            }
            db.PoolAccounts.Add(account);
            added.Add(created);
        }
        await db.SaveChangesAsync(CancellationToken.None);

        foreach (var created in added)
        {
            LogSubaccountAdded(logger, created.Subaccount.Sid, created.Plan.Name, created.Parent.Name, created.Adopted);
            var parent = created.Parent;
            var subaccounts = await db.PoolAccounts.CountAsync(a => !a.IsParent && a.ParentSid == parent.AccountSid && a.Status != PoolAccountStatus.Closed, CancellationToken.None);
            var nearCeiling = subaccounts >= parent.MaxSubaccounts * _options.CeilingWarningRatio;
            metrics.RecordSubaccountAdded(parent.Name, subaccounts, parent.MaxSubaccounts, nearCeiling);
            if (nearCeiling) LogCeilingNear(logger, parent.Name, subaccounts, parent.MaxSubaccounts);
        }
        return added.Select(a => a.Subaccount.Sid).ToList();
    }

    /// <summary>
    /// One planned subaccount at Twilio. A crash between Twilio's reply and our commit leaves a subaccount we do not know:
    /// it is found by its name first, only an active one (a closed subaccount keeps its name for 30 days) not in the pool
    /// already (a clientId signed up again finds its earlier dedicated subaccount under the same name). A dedicated name is
    /// looked for under every parent (the one with room may have changed since); a shared one under its own parent.
    /// </summary>
    private async Task<CreatedSubaccount> CreateAtTwilioAsync(PlannedSubaccount plan, IReadOnlySet<string> inPool, CancellationToken cancellationToken)
    {
        foreach (var parent in plan.DedicatedTenantId is null ? [plan.Parent] : parents.All)
        {
            var named = await accountsClient.FindAccountsAsync(parent.Credentials, plan.Name, "active", cancellationToken);
            if (named.FirstOrDefault(a => a.Sid != parent.AccountSid && !inPool.Contains(a.Sid)) is { } adopted)
                return new CreatedSubaccount(plan, parent, adopted, await CreateKeyAsync(parent, adopted), Adopted: true);
        }
        var subaccount = await accountsClient.CreateSubaccountAsync(plan.Parent.Credentials, plan.Name, cancellationToken);
        return new CreatedSubaccount(plan, plan.Parent, subaccount, await CreateKeyAsync(plan.Parent, subaccount), Adopted: false);

        Task<TwilioApiKey> CreateKeyAsync(TwilioParent parent, TwilioAccount account) =>
            accountsClient.CreateApiKeyAsync(parent.Credentials, account.Sid, _options.ApiKeyName, cancellationToken);
    }

    /// <summary>
    /// <paramref name="parent"/> joins the pool when the fill reaches it (the first on first use), with what it already
    /// holds counted as foreign, and the tenants older versions placed in it (every tenant, before the pool) as ours.
    /// </summary>
    private async Task JoinParentAsync(TwilioParent parent, CancellationToken cancellationToken)
    {
        var credentials = parent.Credentials;
        var ourTenants = await db.Tenants.CountAsync(t => t.AccountSid == credentials.AccountSid, cancellationToken);
        var now = time.GetUtcNow();
        var index = await NextPoolIndexAsync(cancellationToken);
        var account = new PoolAccount(credentials.AccountSid, credentials.AccountSid, index, parent.Name, isParent: true,
            _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now);
        account.AdoptExistingTenants(ourTenants, now);
        var (stores, overflow) = await foreignResources.RecordJoiningParentAsync(account, credentials, now, cancellationToken);
        db.PoolAccounts.Add(account);
        await db.SaveChangesAsync(CancellationToken.None);
        LogParentJoined(logger, parent.Name, credentials.AccountSid, stores, overflow);
    }

    /// <summary>The next fill position (0 for the first account); the caller holds the growth lock.</summary>
    private async Task<int> NextPoolIndexAsync(CancellationToken cancellationToken) =>
        (await db.PoolAccounts.MaxAsync(a => (int?)a.PoolIndex, cancellationToken) ?? -1) + 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Parent account {ParentName} ({AccountSid}) joined the pool holding {Stores} stores ({Overflow} beyond the cap)")]
    private static partial void LogParentJoined(ILogger logger, string parentName, string accountSid, int stores, int overflow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subaccount {AccountSid} ({FriendlyName}) of parent {ParentName} joined the pool; adopted after a lost reply: {Adopted}")]
    private static partial void LogSubaccountAdded(ILogger logger, string accountSid, string friendlyName, string parentName, bool adopted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subaccount {FriendlyName} of parent {ParentName} could not be added in this growth round: {Reason}")]
    private static partial void LogSubaccountNotAdded(ILogger logger, string friendlyName, string parentName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parent {ParentName} owns {Subaccounts} of at most {MaxSubaccounts} subaccounts: the pool moves on to the next parent when it is full; raise Twilio's limit or add a parent account")]
    private static partial void LogCeilingNear(ILogger logger, string parentName, int subaccounts, int maxSubaccounts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account pool exhausted: {Reason}")]
    private static partial void LogCeilingReached(ILogger logger, string reason);
}
