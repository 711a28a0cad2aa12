using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Which of the store ids an account lists at Twilio (M2 gives ids only) the database already knows, in one
/// query: the lookup before a store create, the count at a cap surprise and reconciliation all ask the same.
/// </summary>
public static class KnownStores
{
    public static Task<List<KnownStore>> AmongAsync(ProvisioningDbContext db, IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken)
    {
        var ids = storeIds.ToList();
        return db.Tenants.Where(t => t.MemoryStoreId != null && ids.Contains(t.MemoryStoreId))
            .Select(t => new KnownStore { StoreId = t.MemoryStoreId!, IsForeign = false, NameKnown = true })
            // Retired stores, deleted ones too: a store id once ours is never another tenant's store nor foreign.
            .Concat(db.RetiredStores.Where(r => ids.Contains(r.StoreId))
                .Select(r => new KnownStore { StoreId = r.StoreId, IsForeign = false, NameKnown = true }))
            .Concat(db.KnownForeignStores.Where(f => ids.Contains(f.StoreId))
                .Select(f => new KnownStore { StoreId = f.StoreId, IsForeign = true, NameKnown = f.DisplayName != null }))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }
}
