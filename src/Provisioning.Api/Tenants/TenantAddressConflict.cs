using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>Tells which address another live tenant already holds when the address key refuses a save.</summary>
public static class TenantAddressConflict
{
    public static bool IsAddressConflict(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TenantAddressEntityConfiguration.PrimaryKeyName };

    /// <summary>A 409 naming the address of <paramref name="settings"/> that belongs to another live tenant.</summary>
    public static async Task<ConflictException> DescribeAsync(ProvisioningDbContext db, string clientId, OrchestratorSettings settings, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var wanted = TenantAddress.Of(Guid.Empty, settings).Select(a => a.Channel + " " + a.Address).ToList();
        var taken = await db.TenantAddresses.AsNoTracking()
            .Where(a => wanted.Contains(a.Channel + " " + a.Address) && db.Tenants.Any(t => t.Id == a.TenantId && t.ClientId != clientId))
            .Select(a => new { a.Channel, a.Address })
            .FirstOrDefaultAsync(cancellationToken);
        return new ConflictException(taken is null
            ? "An address of this tenant was claimed by another tenant at the same time; retry."
            : $"Address {taken.Address} on {taken.Channel} already belongs to another tenant: one number is captured by one tenant only.");
    }
}
