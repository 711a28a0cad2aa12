using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// The credentials that act in an account of the pool: a parent's from configuration, a subaccount's API key from
/// its row (the secret decrypted by <see cref="SubaccountSecrets"/>). The sagas, reconciliation and the gateway (which
/// caches them: <c>GatewayCredentials</c>) ask here.
/// </summary>
public sealed class AccountCredentials(ProvisioningDbContext db, TwilioParents parents, SubaccountSecrets secrets)
{
    /// <summary>The credentials of the parent that owns <paramref name="account"/> (its own, for a parent).</summary>
    /// <exception cref="InvalidOperationException">That parent is no longer configured.</exception>
    public TwilioCredentials ParentCredentialsOf(PoolAccount account) => parents.Get(account.ParentSid).Credentials;

    /// <summary>Credentials that act in <paramref name="accountSid"/> (contract §1.2: the account comes from them).</summary>
    public async Task<TwilioCredentials> GetCredentialsAsync(string accountSid, CancellationToken cancellationToken)
    {
        if (parents.Find(accountSid) is { } parent) return parent.Credentials;
        var account = await db.PoolAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Sid == accountSid, cancellationToken)
                      ?? throw new InvalidOperationException($"Account {accountSid} is not in the pool.");
        if (account.CredentialSid is null || account.ProtectedSecret is null)
            throw new InvalidOperationException($"Account {accountSid} has no credentials recorded.");
        return new TwilioCredentials(account.Sid, account.CredentialSid, secrets.Unprotect(account.ProtectedSecret));
    }
}
