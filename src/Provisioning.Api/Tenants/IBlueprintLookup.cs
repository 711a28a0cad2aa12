namespace Provisioning.Api.Tenants;

/// <summary>
/// What a signup needs of the blueprints: the revision that <c>blueprint</c> (or Provisioning:DefaultBlueprint when
/// absent) stands for now. Declared here and implemented by the blueprints feature, so that tenants know blueprints
/// only by name and revision.
/// </summary>
public interface IBlueprintLookup
{
    /// <summary>
    /// The blueprint to record on a new tenant: <paramref name="name"/>'s latest revision, the default blueprint's when
    /// <paramref name="name"/> is null, or <see cref="TenantBlueprint.None"/> when neither is given. A name that is no
    /// blueprint (the default's included) is refused with an <see cref="Infrastructure.Domain.UnprocessableException"/> on field <c>blueprint</c>.
    /// </summary>
    Task<TenantBlueprint> ForSignupAsync(string? name, CancellationToken cancellationToken);
}
