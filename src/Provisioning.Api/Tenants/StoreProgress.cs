namespace Provisioning.Api.Tenants;

/// <summary>
/// How far the tenant's current Memory Store has come at Twilio: what the onboarding saga resumes from.
/// Mapped as a complex type onto the tenant's own columns.
/// </summary>
/// <param name="CreateRequestedAt">Set just before a store create is sent; while set, the create's outcome may be unknown.</param>
/// <param name="OperationId">The create's operation (M6), until it has given the store id.</param>
/// <param name="ActiveAt">When Twilio first reported the store ACTIVE (M3); a configuration may reference it from then on.</param>
public sealed record StoreProgress(DateTimeOffset? CreateRequestedAt, string? OperationId, DateTimeOffset? ActiveAt)
{
    public static readonly StoreProgress None = new(null, null, null);
}
