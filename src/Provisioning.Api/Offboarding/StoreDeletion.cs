using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding;

/// <summary>
/// Deleting a Memory Store (M5) is permanent, and Twilio may refuse it (its beta does). A store's slot is
/// freed only once the store is gone; a refused delete leaves the store retired and still counted.
/// </summary>
public sealed class StoreDeletion(ProvisioningDbContext db, AccountPool accounts, MemoryClient memory, OperationPoller poller, TimeProvider time)
{
    /// <summary>Deletes a retired store (after a recreate), freeing its slot, or records Twilio's refusal.</summary>
    public async Task DeleteRetiredStoreAsync(RetiredStore retired, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var refusal = await DeleteAsync(credentials, retired.StoreId, cancellationToken);
        if (refusal is not null)
        {
            retired.MarkDeleteRefused(refusal);
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }
        await accounts.ReleaseSlotAsync(retired.AccountSid, () => retired.MarkDeleted(time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Deletes the tenant's store at offboarding and frees its slot. When Twilio refuses, the store is renamed
    /// (so the clientId can sign up again), kept as a retired store that holds the slot, and the refusal returned.
    /// </summary>
    public async Task<string?> DeleteCurrentStoreAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var refusal = await DeleteAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
        if (refusal is null)
        {
            await accounts.ReleaseSlotAsync(tenant.AccountSid!, () => tenant.RecordStoreDeleted(time.GetUtcNow()), cancellationToken);
            return null;
        }

        // The retired store holds the slot now.
        var retired = tenant.RetireRefusedStore(refusal, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        try
        {
            var accepted = await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken);
            await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
            retired.MarkRenamed();
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (TwilioApiException)
        {
            // Best effort: the store keeps its name, and a new signup of this clientId will be told so by Twilio.
        }
        return refusal;
    }

    /// <summary>Deletes a store (M5) and waits for it: null once it is gone (deleted now, or already); Twilio's refusal otherwise.</summary>
    public async Task<string?> DeleteAsync(TwilioCredentials credentials, string storeId, CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await memory.DeleteStoreAsync(credentials, storeId, cancellationToken);
            var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
            if (operation.State == OperationState.Completed) return null;
            throw new ProvisioningStepException($"Deleting store {storeId} ended {operation.State}: {operation.Error}", transient: true);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
        catch (TwilioApiException e) when (!e.IsTransient)
        {
            return $"Twilio refused to delete store {storeId}: {e.Message}";
        }
    }
}
