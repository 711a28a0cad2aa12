using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Takes a subaccount out of the pool for good: an empty one (<see cref="EmptySubaccountCloser"/>) or a dedicated
/// tenant's, once offboarding erased everything of the tenant.
/// </summary>
public sealed class SubaccountClosure(
    ProvisioningDbContext db,
    AccountsClient accountsClient,
    AccountCredentials credentials,
    PoolMetrics metrics,
    TwilioParents parents,
    TimeProvider time)
{
    /// <summary>
    /// Closes at Twilio (A4 <c>Status=closed</c>, final) a subaccount whose close was decided and saved
    /// (<see cref="PoolAccount.RequestClose"/>), and marks it closed; the caller saves it (which takes it out of the
    /// pool), then calls <see cref="RecordClosedAsync"/>. Safe to run again after a crash: a
    /// subaccount Twilio already closed, or deleted since (30 days after its close), counts as closed.
    /// </summary>
    /// <exception cref="TwilioApiException">Twilio refused the close; the account stays in the pool, to be closed again.</exception>
    public async Task CloseSubaccountAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        var parent = credentials.ParentCredentialsOf(account);
        try
        {
            await accountsClient.CloseSubaccountAsync(parent, account.Sid, cancellationToken);
        }
        catch (TwilioApiException e) when (!e.IsNotFound)
        {
            // Twilio may refuse to change an account that is closed already: what was asked for is done.
            if (await accountsClient.FetchAccountAsync(parent, account.Sid, cancellationToken) is { } atTwilio
                && !string.Equals(atTwilio.Status, "closed", StringComparison.OrdinalIgnoreCase))
                throw;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Closed long ago and deleted by Twilio since: it is gone all the same.
        }
        account.MarkClosed(time.GetUtcNow());
    }

    /// <summary>The close counted, once the caller saved it: the gauge reads the subaccounts left from the database.</summary>
    public async Task RecordClosedAsync(PoolAccount account, CancellationToken cancellationToken) =>
        metrics.RecordSubaccountClosed(parents.Get(account.ParentSid).Name,
            await db.PoolAccounts.CountAsync(a => !a.IsParent && a.ParentSid == account.ParentSid && a.Status != PoolAccountStatus.Closed, cancellationToken));
}
