using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Provisioning.Api.Data;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The keys that sign and validate tenant access tokens, shared by every instance through PostgreSQL and held
/// in memory here. Keys are reloaded every <see cref="GatewayOptions.KeyRefreshInterval"/>, and when a token names
/// a key this instance has not loaded (at most every <see cref="UnknownKeyReloadInterval"/>); a new key signs only after
/// <see cref="GatewayOptions.KeyActivationDelay"/>, so rotation never leaves an instance unable to validate.
/// </summary>
public sealed partial class SigningKeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<SigningKeyRing> logger)
{
    private const string SecretPurpose = "Provisioning.Gateway.TokenSigningKey";
    /// <summary>
    /// How long after a reload a token naming an unknown key is refused without reading the keys again. Rotated keys
    /// are loaded by the periodic refresh before they sign (<see cref="GatewayOptions.KeyActivationDelay"/>), so only
    /// a first key made by another instance a moment ago can be missed this way, for at most this long.
    /// </summary>
    public static readonly TimeSpan UnknownKeyReloadInterval = TimeSpan.FromSeconds(5);

    private readonly IDataProtector _secrets = dataProtection.CreateProtector(SecretPurpose);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile LoadedKeys _loaded = LoadedKeys.None;

    private sealed record LoadedKeys(IReadOnlyList<(SigningKey Key, SymmetricSecurityKey Secret)> Keys, DateTimeOffset LoadedAt)
    {
        public static readonly LoadedKeys None = new([], DateTimeOffset.MinValue);
    }

    /// <summary>The keys that validate tokens now (from memory: the JWT handler asks synchronously).</summary>
    public IEnumerable<SecurityKey> ValidationKeys(string? keyId) =>
        _loaded.Keys.Where(k => keyId is null || k.Secret.KeyId == keyId).Select(k => (SecurityKey)k.Secret);

    /// <summary>
    /// Makes sure the keys are fresh, and that <paramref name="keyId"/> (from a token) is loaded if it exists. One
    /// reload at a time, decided again once the lock is held: requests that waited for another's reload use what it
    /// loaded. An unknown key id reloads at most once per <see cref="UnknownKeyReloadInterval"/>; within it, the
    /// token is refused like any other with a key we do not have. Anyone can send made-up key ids, so they must not
    /// make this instance read and decrypt its keys per request.
    /// </summary>
    public async Task EnsureLoadedAsync(string? keyId, CancellationToken cancellationToken)
    {
        if (ReloadReason(_loaded, keyId) is null) return;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (ReloadReason(_loaded, keyId) is { } reason) await LoadAsync(reason, cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Why <paramref name="loaded"/> should be read again for a token naming <paramref name="keyId"/>; null when it need not.</summary>
    private string? ReloadReason(LoadedKeys loaded, string? keyId)
    {
        var age = time.GetUtcNow() - loaded.LoadedAt;
        if (age >= options.Value.KeyRefreshInterval) return GatewayMetrics.ReloadForRefresh;
        var unknown = keyId is not null && loaded.Keys.All(k => k.Secret.KeyId != keyId);
        return unknown && age >= UnknownKeyReloadInterval ? GatewayMetrics.ReloadForUnknownKey : null;
    }

    /// <summary>Credentials of the newest active key; the first key is made here when there is none.</summary>
    public async Task<SigningCredentials> SigningCredentialsAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(null, cancellationToken);
        var signing = NewestActive();
        if (signing is null)
        {
            // No token can exist yet, so the first key may sign at once. Instances that make one each at the same
            // moment are harmless: each loads the other's on the first token that names it.
            await AddKeyAsync(TimeSpan.Zero, cancellationToken);
            signing = NewestActive()!;
        }
        return new SigningCredentials(signing, SecurityAlgorithms.HmacSha256);
    }

    private SymmetricSecurityKey? NewestActive()
    {
        var now = time.GetUtcNow();
        return _loaded.Keys.Where(k => k.Key.ActivatesAt <= now).OrderByDescending(k => k.Key.ActivatesAt).Select(k => k.Secret).FirstOrDefault();
    }

    /// <summary>
    /// Rotation: a new key, signing after the activation delay. Keys whose every token has expired (superseded
    /// longer than the longest token lifetime ago) are deleted.
    /// </summary>
    public async Task<SigningKey> RotateAsync(CancellationToken cancellationToken)
    {
        var key = await AddKeyAsync(options.Value.KeyActivationDelay, cancellationToken);
        LogRotated(logger, key.Id, key.ActivatesAt);
        return key;
    }

    public async Task<IReadOnlyList<SigningKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        return await db.SigningKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
    }

    private async Task<SigningKey> AddKeyAsync(TimeSpan activationDelay, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var now = time.GetUtcNow();
            var key = new SigningKey(_secrets.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), now, activationDelay);
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);

            var keys = await db.SigningKeys.OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
            var expired = keys.Where(k => keys.Any(newer => newer.ActivatesAt > k.ActivatesAt && newer.ActivatesAt <= now - options.Value.MaxTokenLifetime)).ToList();
            db.SigningKeys.RemoveRange(expired);
            await db.SaveChangesAsync(cancellationToken);
            await ReloadAsync(GatewayMetrics.ReloadForRotation, cancellationToken);
            return key;
        }
    }

    /// <summary>Reads the keys now, whenever they were last read (a key was just made here).</summary>
    private async Task ReloadAsync(string reason, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(reason, cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Reads and decrypts every key; the caller holds <see cref="_loading"/>.</summary>
    private async Task LoadAsync(string reason, CancellationToken cancellationToken)
    {
        metrics.RecordSigningKeyReload(reason);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        _loaded = new LoadedKeys(
            keys.Select(k => (k, new SymmetricSecurityKey(Convert.FromBase64String(_secrets.Unprotect(k.ProtectedSecret))) { KeyId = k.Id.ToString("N") })).ToList(),
            time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token signing key {KeyId} made; it signs from {ActivatesAt}")]
    private static partial void LogRotated(ILogger logger, Guid keyId, DateTimeOffset activatesAt);
}
