using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Rotates a subaccount's API key (docs/security.md, "Rotating a subaccount key"). Each step is recorded before the
/// next and can be repeated after a crash:
/// <list type="number">
/// <item>a new key is created in the subaccount (A5, named <see cref="AccountPoolOptions.ApiKeyName"/>) and recorded
/// as pending, encrypted, before anything else; a rotation that finds a pending key finishes with it;</item>
/// <item>the pending key is verified with a call it must be able to make (M2) and becomes the current key;</item>
/// <item>once <see cref="AccountPoolOptions.RetiredKeyGracePeriod"/> is over, every key of ours (by name) that is
/// neither current nor pending is deleted: the old key, and any key whose create reply was lost with its secret.</item>
/// </list>
/// One rotation or sweep at a time across all instances (an advisory lock): the sweep can then never delete a key
/// a rotation has created and not recorded yet. Keys anyone else made in the subaccount are never touched.
/// </summary>
public sealed partial class AccountKeyRotation(
    ProvisioningDbContext db,
    AdvisoryLocks locks,
    AccountsClient accountsClient,
    MemoryClient memory,
    SubaccountSecrets secrets,
    TwilioParents parents,
    ActorContext actor,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<AccountKeyRotation> logger)
{
    public const string RecurringJobId = "account-key-housekeeping";
    private static readonly TimeSpan VerifyRetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly TwilioOptions _twilio = twilioOptions.Value;
    private readonly AccountPoolOptions _pool = poolOptions.Value;

    /// <summary>Rotates the key of <paramref name="accountSid"/>: new key, verified, switched to, old key deleted (now or after the grace period).</summary>
    /// <exception cref="NotFoundException">No such account in the pool.</exception>
    /// <exception cref="ConflictException">The parent (configured credentials) or a closed account.</exception>
    /// <exception cref="TwilioApiException">Twilio failed a step; the working key is unchanged, and a retry resumes.</exception>
    public async Task<KeyRotationView> RotateAsync(string accountSid, string reason, CancellationToken cancellationToken)
    {
        await using var rotationLock = await locks.AcquireAsync(AdvisoryLockKey.KeyRotation, cancellationToken);
        var account = await FindRotatableAsync(accountSid, cancellationToken);
        var previousKey = account.CredentialSid;
        await EnsurePendingKeyAsync(account, cancellationToken);
        await SwitchToPendingKeyAsync(account, cancellationToken);
        LogRotated(logger, account.Sid, previousKey, account.CredentialSid, actor.Name, reason);
        await TryDeleteRetiredKeysAsync(account, cancellationToken);
        return KeyRotationView.Of(account);
    }

    /// <summary>
    /// Recurring job: finishes rotations a crash interrupted (a pending key with no rotation holding the lock) and
    /// deletes retired keys whose grace period is over. Skipped while a rotation runs; the next run catches up.
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task FinishRotationsAndDeleteRetiredKeysAsync(CancellationToken cancellationToken)
    {
        await using var rotationLock = await locks.TryAcquireAsync(AdvisoryLockKey.KeyRotation, cancellationToken);
        if (rotationLock is null) return;
        var now = time.GetUtcNow();
        // A subaccount whose parent is no longer configured has no parent credentials to manage its keys with.
        var parentSids = parents.Sids;
        var accounts = await db.PoolAccounts
            .Where(a => !a.IsParent && a.Status != PoolAccountStatus.Closed && parentSids.Contains(a.ParentSid)
                        && (a.PendingCredentialSid != null || a.RetiredKeysDeleteAt <= now))
            .OrderBy(a => a.PoolIndex)
            .ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            try
            {
                if (account.PendingCredentialSid is not null)
                {
                    var previousKey = account.CredentialSid;
                    await SwitchToPendingKeyAsync(account, cancellationToken);
                    LogRotated(logger, account.Sid, previousKey, account.CredentialSid, actor.Name, "finishing a rotation that was interrupted");
                }
                await TryDeleteRetiredKeysAsync(account, cancellationToken);
            }
            catch (TwilioApiException e)
            {
                LogHousekeepingFailed(logger, account.Sid, e.Message);
            }
        }
    }

    /// <summary>
    /// Step 1: the pending key, recorded before it is used. An earlier rotation's pending key is kept (it is finished,
    /// not replaced). Public for tests that repeat the step as a crash would.
    /// </summary>
    public async Task EnsurePendingKeyAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        if (account.PendingCredentialSid is not null) return;
        TwilioApiKey key;
        try
        {
            key = await accountsClient.CreateApiKeyAsync(parents.Get(account.ParentSid).Credentials, account.Sid, _pool.ApiKeyName, cancellationToken);
        }
        catch (TwilioApiException e) when (e.OutcomeUnknown)
        {
            // The key may exist without our knowing its secret. It carries our name, so the sweep deletes it once
            // Twilio's lists show it.
            account.ScheduleRetiredKeysDeletion(time.GetUtcNow() + _twilio.ConsistencyWindow);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        var secret = key.Secret ?? throw new TwilioApiException("Twilio returned an API key without its secret.");
        account.RecordPendingCredentials(key.Sid, secrets.Protect(secret), time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Step 2: the pending key, once Twilio takes it, becomes the current one; a key Twilio refuses is discarded.</summary>
    public async Task SwitchToPendingKeyAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        var pending = new TwilioCredentials(account.Sid, account.PendingCredentialSid!, secrets.Unprotect(account.PendingProtectedSecret!));
        if (await RefusalOfAsync(pending, cancellationToken) is { } refusal)
        {
            account.DiscardPendingCredentials(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw new TwilioApiException($"Twilio refused the new key ({refusal.Message}); the account keeps its current key. Try again.", refusal.Status);
        }
        var now = time.GetUtcNow();
        account.PromotePendingCredentials(now, now + _pool.RetiredKeyGracePeriod);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Step 3, when due: every key of ours but the current and the pending one is deleted. A failure leaves the
    /// deletion due, for the housekeeping job to try again.
    /// </summary>
    public async Task TryDeleteRetiredKeysAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        if (account.RetiredKeysDeleteAt is not { } due || due > time.GetUtcNow() || account.CredentialSid is null) return;
        try
        {
            var parent = parents.Get(account.ParentSid).Credentials;
            var keys = await accountsClient.ListApiKeysAsync(parent, account.Sid, cancellationToken);
            foreach (var key in keys.Where(k => k.FriendlyName == _pool.ApiKeyName && k.Sid != account.CredentialSid && k.Sid != account.PendingCredentialSid))
            {
                await accountsClient.DeleteApiKeyAsync(parent, account.Sid, key.Sid, cancellationToken);
                LogKeyDeleted(logger, account.Sid, key.Sid);
            }
            account.RecordRetiredKeysDeleted(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (TwilioApiException e)
        {
            LogHousekeepingFailed(logger, account.Sid, e.Message);
        }
    }

    /// <summary>The account's row, when its key may be rotated.</summary>
    public async Task<PoolAccount> FindRotatableAsync(string accountSid, CancellationToken cancellationToken)
    {
        var account = await db.PoolAccounts.SingleOrDefaultAsync(a => a.Sid == accountSid, cancellationToken)
                      ?? throw new NotFoundException($"No account '{(accountSid.Length > 40 ? accountSid[..40] + "…" : accountSid)}' in the pool.");
        if (account.IsParent)
            throw new ConflictException("A parent account's credentials come from configuration (Twilio:AuthToken, Twilio:ApiKeySid, Twilio:Parents:N), not from the pool; "
                                        + "rotate them as deploy/README.md describes.");
        if (account.Status == PoolAccountStatus.Closed || account.CloseRequestedAt is not null)
            throw new ConflictException($"Account {account.Sid} is closed (or being closed): it has no key to rotate.");
        return account;
    }

    /// <summary>
    /// Null once the key makes a call it must be able to make (list stores, M2). Twilio may take a moment before a new
    /// key is accepted: a 401/403 is tried again until the consistency window has passed, and then returned.
    /// </summary>
    private async Task<TwilioApiException?> RefusalOfAsync(TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _twilio.ConsistencyWindow;
        while (true)
        {
            try
            {
                await memory.ListStoreIdsAsync(credentials, pageToken: null, cancellationToken);
                return null;
            }
            catch (TwilioApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                if (time.GetUtcNow() >= deadline) return e;
            }
            await Task.Delay(VerifyRetryDelay, time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key of account {AccountSid} rotated by {Actor} ({Reason}): {OldKeySid} replaced by {NewKeySid}")]
    private static partial void LogRotated(ILogger logger, string accountSid, string? oldKeySid, string? newKeySid, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired API key {KeySid} of account {AccountSid} deleted at Twilio")]
    private static partial void LogKeyDeleted(ILogger logger, string accountSid, string keySid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key housekeeping of account {AccountSid} did not finish, trying again later: {Reason}")]
    private static partial void LogHousekeepingFailed(ILogger logger, string accountSid, string reason);
}
