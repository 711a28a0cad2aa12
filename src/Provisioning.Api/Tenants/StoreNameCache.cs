using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The name each Memory Store had when this process fetched it, for finding a tenant's store by name: M2 lists
/// ids only, so every id the database cannot place must be fetched (M3). Without this, each signup fetched
/// again every store its neighbours in the account were still creating. Fetches of one store by concurrent
/// lookups share one call, and a store seen under another name is not fetched again: a store gets its name
/// when it is created and this service renames one only to retire it, never to a tenant's name. Only an
/// out-of-band rename to <c>client-&lt;clientId&gt;</c> escapes this; the duplicate store it could lead to is
/// reported by reconciliation.
/// </summary>
public sealed class StoreNameCache : IDisposable
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly MemoryCache _names = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly ConcurrentDictionary<string, Lazy<Task<MemoryStore?>>> _fetching = new(StringComparer.Ordinal);

    /// <summary>The store, fetched with <paramref name="fetch"/>, if it is named <paramref name="name"/>; otherwise null.</summary>
    public async Task<MemoryStore?> FindIfNamedAsync(string storeId, string name,
        Func<CancellationToken, Task<MemoryStore?>> fetch, CancellationToken cancellationToken)
    {
        if (_names.TryGetValue(storeId, out string? seen) && !string.Equals(seen, name, StringComparison.Ordinal)) return null;

        // Shared by every concurrent caller, so no single caller's cancellation may end it (the HTTP client's
        // own timeout bounds it).
        var shared = _fetching.GetOrAdd(storeId, _ => new Lazy<Task<MemoryStore?>>(() => fetch(CancellationToken.None)));
        MemoryStore? store;
        try
        {
            store = await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _fetching.TryRemove(new KeyValuePair<string, Lazy<Task<MemoryStore?>>>(storeId, shared));
        }
        if (store is null) return null; // gone, or not visible yet: nothing to remember
        _names.Set(store.Id, store.DisplayName, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Retention });
        return string.Equals(store.DisplayName, name, StringComparison.Ordinal) ? store : null;
    }

    public void Dispose() => _names.Dispose();
}
