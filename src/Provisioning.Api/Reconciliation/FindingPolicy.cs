namespace Provisioning.Api.Reconciliation;

public enum FindingPolicy
{
    /// <summary>Record the finding only.</summary>
    Report,

    /// <summary>Fix it: enqueue the tenant's repair, record the foreign store, correct the counters, stop placing in the account.</summary>
    Repair,

    /// <summary>Orphans only: give a <c>client-&lt;id&gt;</c> store to its tenant when that tenant has none (else report).</summary>
    Adopt,

    /// <summary>Orphans only, and only when configured: delete the store at Twilio.</summary>
    Delete,
}
