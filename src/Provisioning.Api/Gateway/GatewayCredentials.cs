using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The accounts' credentials for the gateway, kept in memory for a short while: reading and decrypting them is
/// most of what a forwarded request would otherwise cost besides Twilio. Safe against rotation because a replaced
/// key stays valid at Twilio for <see cref="AccountPoolOptions.RetiredKeyGracePeriod"/>, and entries live at most
/// half of that.
/// </summary>
public sealed class GatewayCredentials(IServiceScopeFactory scopes, IOptions<AccountPoolOptions> pool) : IDisposable
{
    private static readonly TimeSpan LongestLifetime = TimeSpan.FromSeconds(30);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<TwilioCredentials> GetAsync(string accountSid, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(accountSid, out TwilioCredentials? cached)) return cached!;
        await using var scope = scopes.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<AccountCredentials>().GetCredentialsAsync(accountSid, cancellationToken);
        var lifetime = TimeSpan.FromTicks(Math.Min(LongestLifetime.Ticks, pool.Value.RetiredKeyGracePeriod.Ticks / 2));
        if (lifetime <= TimeSpan.Zero) return credentials; // no grace period: every request reads the current key
        return _cache.Set(accountSid, credentials, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
    }

    public void Dispose() => _cache.Dispose();
}
