using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// A burst's tenants wait for their turn at the slot lock longer than the runner's heartbeat interval, so their
/// leases are renewed while they wait: the placement's save takes that renewal instead of failing the run (in the
/// 1,000-signup burst, 800 runs failed there and ran again, docs/benchmarks.md).
/// </summary>
public sealed class SlotLeaseRenewalTests(SlotLeaseRenewalTests.NoRunnerStack stack) : IClassFixture<SlotLeaseRenewalTests.NoRunnerStack>
{
    /// <summary>No runner in this process: the test claims the tenant and renews its lease itself, as the runner would.</summary>
    public sealed class NoRunnerStack() : ProvisioningStack(("Service:Role", "Api"));

    [Fact]
    public async Task A_lease_renewed_while_the_tenant_waits_for_its_slot_is_taken_by_the_placement()
    {
        var signedUp = new Tenant("lease-renewed", null, OrchestratorSettings.Default, null, TenantIsolation.Pooled, DateTimeOffset.UtcNow);
        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            db.Tenants.Add(signedUp);
            await db.SaveChangesAsync();
            // The runner's claim, before the saga reads the tenant.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE tenants SET run_held_by = 'runner-a', run_held_until = now() + interval '30 seconds' WHERE id = {signedUp.Id}");
        }

        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var tenant = await db.Tenants.SingleAsync(t => t.Id == signedUp.Id);
            Assert.True(tenant.BeginOnboardingRun());
            await db.SaveChangesAsync();
            // The heartbeat while the saga waits for its turn: the row version moves.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE tenants SET run_held_until = now() + interval '1 hour' WHERE id = {signedUp.Id} AND run_held_by = 'runner-a'");

            // The placement as the saga's ReserveSlot step makes it: staged in a unit of work, saved by the checkpoint.
            var ledger = scope.ServiceProvider.GetRequiredService<SlotLedger>();
            var checkpoint = scope.ServiceProvider.GetRequiredService<TenantCheckpoint>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            // The pool is empty until the parent joins it (the growth a first placement makes), outside the transaction.
            await scope.ServiceProvider.GetRequiredService<PoolGrowth>().GrowForOneSlotAsync(CancellationToken.None);
            var placed = await unitOfWork.ExecuteAsync(async ct =>
            {
                if (!await ledger.TryStageFreeSlotAsync(tenant, ct)) return false;
                await checkpoint.SaveAsync(tenant);
                return true;
            }, CancellationToken.None);
            Assert.True(placed);
        }

        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var placed = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == signedUp.Id);
            Assert.Equal(stack.Emulator.ParentAccountSid, placed.AccountSid);
            Assert.Equal("runner-a", placed.RunHeldBy);
            Assert.True(placed.RunHeldUntil > DateTimeOffset.UtcNow.AddMinutes(30), "the renewed lease is kept, not written back");
            var slots = await db.PoolAccounts.AsNoTracking().SingleAsync(a => a.Sid == stack.Emulator.ParentAccountSid);
            Assert.Equal(1, slots.StoresOurs);
        }
    }
}
