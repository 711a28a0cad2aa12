using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A signup's blueprint: the one it names, else Provisioning:DefaultBlueprint, else none; the tenant wants its latest
/// revision. Checked at signup rather than at start, as blueprints live in the database and may be created (or not yet
/// be) after the service starts.
/// </summary>
internal sealed class SignupBlueprintLookup(ProvisioningDbContext db, IOptions<ProvisioningOptions> options) : IBlueprintLookup
{
    public async Task<TenantBlueprint> ForSignupAsync(string? name, CancellationToken cancellationToken)
    {
        var wanted = name ?? (string.IsNullOrEmpty(options.Value.DefaultBlueprint) ? null : options.Value.DefaultBlueprint);
        if (wanted is null) return TenantBlueprint.None;
        var latest = await db.Blueprints.AsNoTracking().Where(b => b.Name == wanted).Select(b => (int?)b.LatestRevision).SingleOrDefaultAsync(cancellationToken);
        if (latest is { } revision) return TenantBlueprint.Wanted(wanted, revision);
        throw new UnprocessableException("blueprint", name is null
            ? $"The default blueprint '{wanted}' (Provisioning:DefaultBlueprint) does not exist: create it (POST /v1/blueprints) or name a blueprint in the signup."
            : $"No blueprint is named '{wanted}': create it first (POST /v1/blueprints).");
    }
}
