using System.Text.Json.Serialization;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The blueprint a tenant's store and configuration are to be shaped by: its <see cref="Name"/>, the
/// <see cref="Revision"/> wanted (the blueprint's latest at signup; a rollout moves it later) and the revision applied
/// to its store by onboarding (null until it has been; again null when the tenant gets another store, until applied to it). Mapped as a complex type onto the tenant's own columns;
/// <see cref="None"/> (all null) for a tenant without a blueprint.
/// </summary>
public sealed record TenantBlueprint(string? Name, int? Revision, int? AppliedRevision)
{
    public static readonly TenantBlueprint None = new(null, null, null);

    /// <summary>A blueprint's latest revision, wanted and not yet applied.</summary>
    public static TenantBlueprint Wanted(string name, int revision) => new(name, revision, null);

    [JsonIgnore]
    public bool IsAssigned => Name is not null;
}
