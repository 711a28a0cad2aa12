using Microsoft.Extensions.Options;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// The Twilio accounts tenants are placed in, and the credentials that act in each. For now the pool is the
/// parent account from configuration; subaccounts join it when the per-account store cap is reached.
/// </summary>
public sealed class AccountPool(IOptions<TwilioOptions> twilio)
{
    public string ParentAccountSid => twilio.Value.AccountSid;

    /// <summary>Credentials that act in <paramref name="accountSid"/> (contract §1.2: the account comes from them).</summary>
    public Task<TwilioCredentials> GetCredentialsAsync(string accountSid, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (!string.Equals(accountSid, ParentAccountSid, StringComparison.Ordinal))
            throw new InvalidOperationException($"Account {accountSid} is not in the pool.");
        return Task.FromResult(twilio.Value.ParentCredentials);
    }
}
