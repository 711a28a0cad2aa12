using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.UnitTests.Tenants;

namespace Provisioning.UnitTests.Accounts;

/// <summary>
/// Pool operations only stage inside their caller's unit of work: called outside one, they are refused before they
/// touch anything (so no database is needed here: the context never connects).
/// </summary>
public sealed class StagingOutsideUnitOfWorkTests : IAsyncDisposable
{
    private readonly ProvisioningDbContext _db = new(new DbContextOptionsBuilder<ProvisioningDbContext>()
        .UseNpgsql("Host=never-connected.invalid;Database=provisioning").Options);

    private UnitOfWork UnitOfWork => new(_db);

    // Only the database and the unit of work are reached before the refusal; the rest is never touched.
    private SlotLedger Ledger => new(_db, UnitOfWork, locks: null!, capacity: null!, parents: null!, TimeProvider.System, NullLogger<SlotLedger>.Instance);

    public static TheoryData<string> StagingOperations =>
    [
        "TryStageFreeSlotAsync", "StageRelocationAfterCapAsync", "StageSlotReleaseAsync", "TryStageExtraSlotAsync", "StageLeaveAccountAsync",
        "StageForeignConfigurationsAsync",
    ];

    [Theory]
    [MemberData(nameof(StagingOperations))]
    public async Task A_staging_operation_outside_a_unit_of_work_is_refused(string operation)
    {
        var tenant = TenantBuilder.Placed();
        var sid = TenantBuilder.AccountSid;
        Func<Task> stage = operation switch
        {
            "TryStageFreeSlotAsync" => () => Ledger.TryStageFreeSlotAsync(TenantBuilder.New(), CancellationToken.None),
            "StageRelocationAfterCapAsync" => () => Ledger.StageRelocationAfterCapAsync(tenant, stores: 10, foreign: 2, CancellationToken.None),
            "StageSlotReleaseAsync" => () => Ledger.StageSlotReleaseAsync(sid, CancellationToken.None),
            "TryStageExtraSlotAsync" => () => Ledger.TryStageExtraSlotAsync(sid, CancellationToken.None),
            "StageLeaveAccountAsync" => () => Ledger.StageLeaveAccountAsync(tenant, storeDeleteRefusal: null, CancellationToken.None),
            "StageForeignConfigurationsAsync" => () => new ForeignResources(_db, UnitOfWork, memory: null!, conversations: null!, TimeProvider.System,
                NullLogger<ForeignResources>.Instance).StageForeignConfigurationsAsync(sid, foreign: 1, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(stage);

        Assert.Contains("UnitOfWork.ExecuteAsync", refused.Message);
        Assert.Equal(sid, tenant.AccountSid);
    }

    [Fact]
    public void The_guard_refuses_when_no_transaction_is_open() =>
        Assert.Throws<InvalidOperationException>(UnitOfWork.EnsureInTransaction);

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
