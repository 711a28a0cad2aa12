using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>
/// Every status × every lifecycle operation, decided by <see cref="Tenant"/> alone: the state diagram of
/// docs/architecture.md, one to one. A status missing from a row is refused.
/// </summary>
public sealed class TenantTransitionTableTests
{
    /// <summary>Where each operation leads from each status; absent: refused with a 409.</summary>
    private static readonly Dictionary<string, Dictionary<TenantStatus, TenantStatus>> Allowed = new()
    {
        // The sagas' own starts answer "nothing to do" (no change) rather than refuse: a stray run is normal.
        [TenantOperation.BeginOnboardingRun.Name] = new()
        {
            [TenantStatus.Pending] = TenantStatus.Provisioning, [TenantStatus.Provisioning] = TenantStatus.Provisioning, [TenantStatus.Ready] = TenantStatus.Ready, [TenantStatus.Failed] = TenantStatus.Failed,
            [TenantStatus.PendingDeletion] = TenantStatus.PendingDeletion, [TenantStatus.Deprovisioning] = TenantStatus.Deprovisioning, [TenantStatus.Deleted] = TenantStatus.Deleted,
        },
        [TenantOperation.WaitForCapacity.Name] = new() { [TenantStatus.Provisioning] = TenantStatus.Pending },
        [TenantOperation.MarkReady.Name] = new() { [TenantStatus.Provisioning] = TenantStatus.Ready },
        [TenantOperation.MarkFailed.Name] = new() { [TenantStatus.Provisioning] = TenantStatus.Failed },
        [TenantOperation.Retry.Name] = new() { [TenantStatus.Failed] = TenantStatus.Provisioning },
        [TenantOperation.RequestRepair.Name] = new() { [TenantStatus.Ready] = TenantStatus.Provisioning, [TenantStatus.Failed] = TenantStatus.Provisioning },
        [TenantOperation.RequestRecreate.Name] = new() { [TenantStatus.Ready] = TenantStatus.Provisioning, [TenantStatus.Failed] = TenantStatus.Provisioning },
        [TenantOperation.Offboard.Name] = new() { [TenantStatus.Ready] = TenantStatus.PendingDeletion, [TenantStatus.Failed] = TenantStatus.PendingDeletion },
        [TenantOperation.OffboardNow.Name] = new() { [TenantStatus.Ready] = TenantStatus.PendingDeletion, [TenantStatus.Failed] = TenantStatus.PendingDeletion, [TenantStatus.Deprovisioning] = TenantStatus.Deprovisioning },
        [TenantOperation.CancelDeletion.Name] = new() { [TenantStatus.PendingDeletion] = TenantStatus.Ready },
        [TenantOperation.BeginDeprovisioning.Name] = new()
        {
            [TenantStatus.Pending] = TenantStatus.Pending, [TenantStatus.Provisioning] = TenantStatus.Provisioning, [TenantStatus.Ready] = TenantStatus.Ready, [TenantStatus.Failed] = TenantStatus.Failed,
            [TenantStatus.PendingDeletion] = TenantStatus.Deprovisioning, [TenantStatus.Deprovisioning] = TenantStatus.Deprovisioning, [TenantStatus.Deleted] = TenantStatus.Deleted,
        },
        [TenantOperation.MarkDeleted.Name] = new() { [TenantStatus.Deprovisioning] = TenantStatus.Deleted },
        [TenantOperation.RepeatedSignup.Name] = new() { [TenantStatus.Pending] = TenantStatus.Pending, [TenantStatus.Provisioning] = TenantStatus.Provisioning, [TenantStatus.Ready] = TenantStatus.Ready },
        // Failed past Provisioning:FailedSlotRetention. The builder's Failed tenant has a store and a configuration,
        // so it cannot just give its slot back (only one Twilio holds nothing of can: TenantAggregateTests); it never
        // was Ready, so it is offboarded.
        [TenantOperation.ReleaseFailedSlot.Name] = new(),
        [TenantOperation.OffboardAfterFailedRetention.Name] = new() { [TenantStatus.Failed] = TenantStatus.PendingDeletion },
    };

    public static TheoryData<TenantStatus, string> EveryStatusAndOperation()
    {
        var data = new TheoryData<TenantStatus, string>();
        foreach (var status in Enum.GetValues<TenantStatus>())
        foreach (var operation in TenantOperation.All)
            data.Add(status, operation.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndOperation))]
    public void Each_operation_is_allowed_or_refused_by_the_tenant_itself(TenantStatus from, string operationName)
    {
        var operation = TenantOperation.All.Single(o => o.Name == operationName);
        var tenant = TenantBuilder.InStatus(from);

        if (Allowed[operation.Name].TryGetValue(from, out var to))
        {
            operation.Apply(tenant);
            Assert.Equal(to, tenant.Status);
        }
        else
        {
            var refused = Assert.Throws<TenantTransitionRefusedException>(() => operation.Apply(tenant));
            Assert.Equal(from, refused.Status);
            Assert.Contains($"is {from}", refused.Message, StringComparison.Ordinal);
            Assert.Equal(from, tenant.Status);
            Assert.Empty(tenant.LifecycleEvents);
        }
    }

    [Fact]
    public void The_table_names_every_operation() =>
        Assert.Equal(TenantOperation.All.Select(o => o.Name).Order(), Allowed.Keys.Order());
}
