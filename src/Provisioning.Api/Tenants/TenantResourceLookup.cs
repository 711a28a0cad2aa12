using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Finds a tenant's store and configuration at Twilio by name, for when the database has no id for one that may
/// exist: a create whose answer was lost, an operation that ended unseen, a configuration Twilio gave no id for
/// (L3). Onboarding looks before it creates, offboarding before it erases, so neither a second store nor a
/// forgotten one is left at Twilio.
/// </summary>
public sealed class TenantResourceLookup(
    ProvisioningDbContext db,
    MemoryClient memory,
    ConversationsClient conversations,
    StoreNameCache storeNames,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions)
{
    /// <summary>
    /// <see cref="FindStoreAsync"/>, and, when it finds nothing while Twilio's lists may still lag a write made at
    /// <paramref name="writtenAt"/> (a create, or a refusal naming a store that exists), once more after the
    /// consistency window: null only when even then no store is named for the tenant.
    /// </summary>
    public async Task<MemoryStore?> FindStoreOnceSettledAsync(Tenant tenant, TwilioCredentials credentials, DateTimeOffset? writtenAt,
        CancellationToken cancellationToken)
    {
        var found = await FindStoreAsync(tenant, credentials, cancellationToken);
        if (found is not null || writtenAt is not { } at) return found;
        var visibleBy = at + twilioOptions.Value.ConsistencyWindow;
        if (visibleBy <= time.GetUtcNow()) return null;
        await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
        return await FindStoreAsync(tenant, credentials, cancellationToken);
    }

    /// <summary>
    /// The store named for the tenant in its account (M2 lists ids only, so each unknown id is fetched, M3).
    /// Stores the database knows (another tenant's, a retired one, another incarnation's, a foreign one with its name
    /// on record) and stores this process saw under another name cannot be this one and are not fetched.
    /// </summary>
    public async Task<MemoryStore?> FindStoreAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var ids = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        // Foreign stores found by counting have no name on record: those may be this one (a create whose answer was lost).
        var known = (await KnownStores.AmongAsync(db, ids, cancellationToken)).Where(k => k.NameKnown).Select(k => k.StoreId);

        MemoryStore? match = null;
        foreach (var id in ids.Except(known))
        {
            var store = await storeNames.FindIfNamedAsync(id, tenant.MemoryStoreName,
                ct => memory.FetchStoreAsync(credentials, id, ct), cancellationToken);
            if (store is null) continue;
            // Should a lost acknowledgement ever have left two, prefer one that works; reconciliation reports the other.
            if (match is null || (!match.IsActive && store.IsActive)) match = store;
        }
        return match;
    }

    /// <summary>The tenant's configuration by name (C2, filtered by its store).</summary>
    public async Task<Configuration?> FindConfigurationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken) =>
        (await conversations.ListAllConfigurationsAsync(credentials, tenant.MemoryStoreId, cancellationToken))
        .FirstOrDefault(c => c.DisplayName == tenant.MemoryStoreName);
}
