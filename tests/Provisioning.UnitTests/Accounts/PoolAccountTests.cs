using Provisioning.Api.Accounts;

namespace Provisioning.UnitTests.Accounts;

public sealed class PoolAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_subaccount_made_for_one_tenant_is_dedicated_to_it_and_the_others_are_shared()
    {
        var tenantId = Guid.CreateVersion7(Now);

        var dedicated = new PoolAccount("AC00000000000000000000000000000002", "AC00000000000000000000000000000001", 2, "provisioning-tenant-acme", isParent: false, 15, 10, Now, tenantId);
        var shared = new PoolAccount("AC00000000000000000000000000000003", "AC00000000000000000000000000000001", 3, "provisioning-pool-0001", isParent: false, 15, 10, Now);

        Assert.Equal((true, tenantId), (dedicated.IsDedicated, dedicated.DedicatedTenantId!.Value));
        Assert.False(shared.IsDedicated);
    }

    [Fact]
    public void The_parent_is_shared_never_dedicated() =>
        Assert.Throws<ArgumentException>(() =>
            new PoolAccount("AC00000000000000000000000000000001", "AC00000000000000000000000000000001", 0, "parent", isParent: true, 15, 10, Now, Guid.CreateVersion7(Now)));
}
