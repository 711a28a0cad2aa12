namespace Provisioning.Api.Tenants;

/// <summary>
/// What Twilio did to one of a tenant's retired stores, recorded by the saga that owns the tenant: onboarding (a
/// recreate renames the old store, then deletes it) through <see cref="OnboardingProgress"/>, offboarding (every
/// store erased) through <see cref="ErasureProgress"/>. <see cref="RetiredStore"/> itself is changed only this way.
/// </summary>
public interface IRetiredStoreProgress
{
    void RecordRetiredStoreRenamed(RetiredStore retired);

    /// <summary>The store is gone at Twilio; its slot is free.</summary>
    void RecordRetiredStoreDeleted(RetiredStore retired, DateTimeOffset now);

    /// <summary>Twilio refused to delete it: it keeps its slot, and offboarding tries again.</summary>
    void RecordRetiredStoreDeleteRefused(RetiredStore retired, string refusal);
}
