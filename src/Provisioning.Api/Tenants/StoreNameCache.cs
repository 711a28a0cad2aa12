using Microsoft.Extensions.Caching.Memory;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The name each Memory Store had when this process fetched it. Finding a tenant's store by name means fetching
/// every store id the database cannot place (M2 lists ids only); without this, each signup would fetch again
/// every store its neighbours in the account are still creating. A store gets its name when it is created and
/// this service renames one only to retire it, never to a tenant's name, so a store seen under another name is
/// not the one a tenant looks for. Only an out-of-band rename to <c>client-&lt;clientId&gt;</c> escapes this;
/// the duplicate store it could lead to is reported by reconciliation.
/// </summary>
public sealed class StoreNameCache : IDisposable
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly MemoryCache _names = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>True when the store was seen under a name other than <paramref name="name"/>.</summary>
    public bool WasSeenUnderAnotherName(string storeId, string name) =>
        _names.TryGetValue(storeId, out string? seen) && !string.Equals(seen, name, StringComparison.Ordinal);

    public void Remember(MemoryStore store) =>
        _names.Set(store.Id, store.DisplayName, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Retention });

    public void Dispose() => _names.Dispose();
}
