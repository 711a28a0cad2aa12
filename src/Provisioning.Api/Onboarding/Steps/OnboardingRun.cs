using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// The tenant one onboarding run converges, with what its steps share: the save point, and the credentials of the
/// tenant's account (read once per account, not once per step; a tenant placed again gets its new account's).
/// </summary>
public sealed class OnboardingRun(Tenant tenant, TenantCheckpoint checkpoint, AccountCredentials accountCredentials)
{
    private (string AccountSid, TwilioCredentials Credentials)? _credentials;

    public Tenant Tenant => tenant;

    /// <summary>Progress reaches the database (and the run's lease is renewed): before a Twilio call whose answer may be lost.</summary>
    public Task SaveAsync() => checkpoint.SaveAsync(tenant);

    public async Task<TwilioCredentials> CredentialsAsync(CancellationToken cancellationToken)
    {
        var accountSid = tenant.AccountSid ?? throw new InvalidOperationException($"Tenant '{tenant.ClientId}' has no account: the planner reserves a slot first.");
        if (_credentials is { } known && known.AccountSid == accountSid) return known.Credentials;
        var credentials = await accountCredentials.GetCredentialsAsync(accountSid, cancellationToken);
        _credentials = (accountSid, credentials);
        return credentials;
    }

    /// <summary>One of the tenant's retired stores, by the id the planner named.</summary>
    public RetiredStore RetiredStore(Guid id) => tenant.RetiredStores.Single(r => r.Id == id);
}
