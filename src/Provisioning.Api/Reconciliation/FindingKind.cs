namespace Provisioning.Api.Reconciliation;

public enum FindingKind
{
    /// <summary>A Ready tenant's store is not at Twilio.</summary>
    MissingStore,

    /// <summary>A tenant's store exists but is not ACTIVE (checked when Reconciliation:VerifyKnownStores is on).</summary>
    StoreNotActive,

    /// <summary>A Ready tenant's configuration is not at Twilio.</summary>
    MissingConfiguration,

    /// <summary>The configuration references another store, or its memoryExtractionEnabled differs from the tenant's.</summary>
    ConfigurationLinkMismatch,

    /// <summary>A store named <c>client-*</c> that no tenant owns, or a second store for one tenant.</summary>
    OrphanStore,

    /// <summary>A store the service did not make; it counts against the account's cap.</summary>
    ForeignStore,

    /// <summary>The pool's slot counters disagree with the stores known to exist.</summary>
    CapacityMismatch,

    /// <summary>A pool account Twilio does not know (or no longer lets us in).</summary>
    AccountMissing,

    /// <summary>A pool account Twilio reports suspended or closed.</summary>
    AccountSuspended,

    /// <summary>
    /// The configuration's channels (capture rules, timeouts) or status callbacks differ from the tenant's applied
    /// settings: someone changed them at Twilio. Repair puts the tenant's settings back, keeping what is not ours.
    /// </summary>
    ConfigurationDrift,
}
