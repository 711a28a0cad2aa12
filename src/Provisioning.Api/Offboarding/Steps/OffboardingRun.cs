using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// The tenant one offboarding run erases, with what its steps share: the save point, and the credentials of each
/// account it has stores in (read once per account and run).
/// </summary>
public sealed class OffboardingRun(Tenant tenant, TenantCheckpoint checkpoint, AccountCredentials accountCredentials)
{
    private readonly Dictionary<string, TwilioCredentials> _credentials = new(StringComparer.Ordinal);

    public Tenant Tenant => tenant;

    /// <summary>Progress reaches the database (and the run's lease is renewed): before a Twilio call whose answer may be lost.</summary>
    public Task SaveAsync() => checkpoint.SaveAsync(tenant);

    /// <summary>The credentials of the tenant's own account.</summary>
    public Task<TwilioCredentials> CredentialsAsync(CancellationToken cancellationToken) =>
        CredentialsAsync(tenant.AccountSid ?? throw new InvalidOperationException($"Tenant '{tenant.ClientId}' has no account."), cancellationToken);

    public async Task<TwilioCredentials> CredentialsAsync(string accountSid, CancellationToken cancellationToken)
    {
        if (_credentials.TryGetValue(accountSid, out var known)) return known;
        var credentials = await accountCredentials.GetCredentialsAsync(accountSid, cancellationToken);
        _credentials[accountSid] = credentials;
        return credentials;
    }
}
