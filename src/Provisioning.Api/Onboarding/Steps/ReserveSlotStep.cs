using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// A slot in one account before any store exists; the tenant keeps that account on every retry. Each try is one unit
/// of work (the slot staged, the tenant's account saved, one commit); when no account has room, the pool grows
/// between tries, outside any transaction: creating subaccounts at Twilio takes seconds, and the slot lock must not
/// be held for them. No account with room and none can be made: a wait for capacity.
/// </summary>
public sealed class ReserveSlotStep(SlotLedger slotLedger, PoolGrowth growth, UnitOfWork unitOfWork)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        if (tenant.AccountSid is not null) return StepOutcome.Continue;
        if (tenant.Isolation == TenantIsolation.Dedicated)
        {
            await ReserveDedicatedSlotAsync(run, cancellationToken);
            return StepOutcome.Continue;
        }
        while (!await TryReserveAsync(run, cancellationToken))
            await growth.GrowForOneSlotAsync(cancellationToken);
        await growth.RequestHeadroomIfLowAsync(cancellationToken);
        return StepOutcome.Continue;
    }

    /// <summary>
    /// The dedicated tenant's slot, in the subaccount made for it (on its first placement, counted against the ceiling
    /// like any subaccount). No other account will do: it waits, like a pooled signup at the ceiling, rather than share one.
    /// </summary>
    private async Task ReserveDedicatedSlotAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        if (await TryReserveAsync(run, cancellationToken)) return;
        var tenant = run.Tenant;
        var sid = await growth.EnsureDedicatedSubaccountAsync(tenant, cancellationToken);
        if (!await TryReserveAsync(run, cancellationToken))
            throw new PoolExhaustedException(
                $"Tenant {tenant.ClientId}'s dedicated subaccount {sid} has no free slot or takes no tenants (stores or configurations made there "
                + "outside the service count against its caps): remove them, or change the account with PATCH /v1/accounts/{sid}.");
    }

    /// <summary>A free slot taken and the tenant's account saved, in one commit; false, nothing changed, when there is none.</summary>
    private async Task<bool> TryReserveAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        // The turn comes before the transaction: a burst of signups waits for the slot lock in memory.
        using var turn = await slotLedger.TakeReservationTurnAsync(cancellationToken);
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            if (!await slotLedger.TryStageFreeSlotAsync(run.Tenant, ct)) return false;
            await run.SaveAsync();
            return true;
        }, cancellationToken);
    }
}
