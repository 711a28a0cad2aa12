using Microsoft.Extensions.Options;

namespace Provisioning.Api.Twilio;

/// <summary>The configured parent accounts in fill order, and the parent of a given SID.</summary>
public sealed class TwilioParents(IOptions<TwilioOptions> options)
{
    private readonly IReadOnlyList<TwilioParent> _all = options.Value.ParentAccounts();

    public IReadOnlyList<TwilioParent> All => _all;

    /// <summary>The parents' SIDs in fill order (an array, for queries: <c>= ANY</c> and <c>array_position</c>).</summary>
    public string[] Sids => _all.Select(p => p.AccountSid).ToArray();

    public TwilioParent? Find(string accountSid) => _all.FirstOrDefault(p => p.AccountSid == accountSid);

    /// <summary>The configured parent <paramref name="parentSid"/>; one no longer configured has no credentials to act with.</summary>
    public TwilioParent Get(string parentSid) => Find(parentSid)
        ?? throw new InvalidOperationException($"Parent account {parentSid} is not configured (Twilio:Parents): the service cannot act on its subaccounts.");
}
