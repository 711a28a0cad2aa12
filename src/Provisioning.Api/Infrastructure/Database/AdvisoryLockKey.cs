
namespace Provisioning.Api.Infrastructure.Database;

/// <summary>An advisory lock id: a namespace for this service and an id within it.</summary>
public readonly record struct AdvisoryLockKey(int Space, int Id)
{
    // "PROV": keeps this service's locks apart from any other user of the database.
    private const int ServiceSpace = 0x50524f56;

    /// <summary>Creating subaccounts and counting the parent: one process at a time.</summary>
    public static readonly AdvisoryLockKey PoolGrowth = new(ServiceSpace, 1);

    /// <summary>Handing out store slots: a short transaction-level lock.</summary>
    public static readonly AdvisoryLockKey SlotReservation = new(ServiceSpace, 2);

    /// <summary>Rotating subaccount keys and deleting retired ones: one at a time, so a sweep never deletes a key a rotation is about to record.</summary>
    public static readonly AdvisoryLockKey KeyRotation = new(ServiceSpace, 3);

    /// <summary>
    /// One tenant's saga. Tenants hash into their own space; a collision only serialises two unrelated
    /// tenants for a moment, it never lets two runs of one tenant overlap.
    /// </summary>
    public static AdvisoryLockKey ForTenant(Guid tenantId)
    {
        Span<byte> bytes = stackalloc byte[16];
        tenantId.TryWriteBytes(bytes);
        return new(ServiceSpace + 1, BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8])
                                     ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]));
    }
}
