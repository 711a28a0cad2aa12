using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding;

/// <summary>
/// Deleting a Memory Store (M5) is permanent, and Twilio may refuse it (its beta does; a 401, 403 or 409 is often
/// fixed by an operator). A store's slot is freed only once the store is gone; a refused delete leaves the store
/// retired and still counted, and offboarding tries again.
/// </summary>
public sealed class StoreDeletion(ProvisioningDbContext db, UnitOfWork unitOfWork, SlotLedger slotLedger, MemoryClient memory, OperationPoller poller, TimeProvider time)
{
    /// <summary>
    /// Deletes a retired store, freeing its slot; null once it is gone. Twilio's refusal otherwise, recorded on the
    /// store, which is also renamed (best effort) so that the clientId's name is free for a later signup. What
    /// happened is recorded through the progress of the saga that owns the tenant.
    /// </summary>
    public async Task<string?> DeleteRetiredStoreAsync(IRetiredStoreProgress progress, RetiredStore retired, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var refusal = await DeleteAsync(credentials, retired.StoreId, cancellationToken);
        if (refusal is null)
        {
            // The slot and the record that the store is gone are one commit: a rerun cannot free it twice.
            await unitOfWork.ExecuteAsync(async ct =>
            {
                await slotLedger.StageSlotReleaseAsync(retired.AccountSid, ct);
                progress.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
                await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
            }, cancellationToken);
            return null;
        }

        progress.RecordRetiredStoreDeleteRefused(retired, refusal);
        await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
        if (retired.IsPendingRename)
        {
            try
            {
                // A 200 was applied at once (§12 P6); a 202 is polled.
                if (await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken) is { } accepted)
                    await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
                progress.RecordRetiredStoreRenamed(retired);
                await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
            }
            catch (TwilioApiException)
            {
                // Best effort: the store keeps its name until the next attempt.
            }
        }
        return refusal;
    }

    /// <summary>Deletes a store (M5) and waits for it: null once it is gone (deleted now, or already); Twilio's refusal otherwise.</summary>
    public async Task<string?> DeleteAsync(TwilioCredentials credentials, string storeId, CancellationToken cancellationToken)
    {
        AcceptedOperation accepted;
        try
        {
            accepted = await memory.DeleteStoreAsync(credentials, storeId, cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
        catch (TwilioApiException e) when (!e.IsTransient)
        {
            return $"Twilio refused to delete store {storeId}: {e.Message}";
        }

        try
        {
            var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
            if (operation.State == OperationState.Completed) return null;
            throw new ProvisioningStepException($"Deleting store {storeId} ended {operation.State}: {operation.Error}", transient: true);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // The operation is no longer known (520052, §12 P5): not a failure; the store says whether it is gone.
            if (await memory.FetchStoreAsync(credentials, storeId, cancellationToken) is null) return null;
            throw new ProvisioningStepException($"Deleting store {storeId}: Twilio no longer knows its operation and the store still exists.", transient: true);
        }
    }
}
