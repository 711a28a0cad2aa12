using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Provisioning.Api.Data;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The keys that sign and validate tenant access tokens, shared by every instance through PostgreSQL and held
/// in memory here. Keys are reloaded every <see cref="GatewayOptions.KeyRefreshInterval"/>, and at once when a
/// token names a key this instance has not loaded; a new key signs only after
/// <see cref="GatewayOptions.KeyActivationDelay"/>, so rotation never leaves an instance unable to validate.
/// </summary>
public sealed partial class SigningKeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<SigningKeyRing> logger)
{
    private const string SecretPurpose = "Provisioning.Gateway.TokenSigningKey";
    private static readonly TimeSpan UnknownKeyReloadInterval = TimeSpan.FromSeconds(1);

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

    /// <summary>Makes sure the keys are fresh, and that <paramref name="keyId"/> (from a token) is loaded if it exists.</summary>
    public async Task EnsureLoadedAsync(string? keyId, CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        var age = time.GetUtcNow() - loaded.LoadedAt;
        var unknown = keyId is not null && loaded.Keys.All(k => k.Secret.KeyId != keyId);
        if (age < options.Value.KeyRefreshInterval && !(unknown && age >= UnknownKeyReloadInterval)) return;
        await ReloadAsync(cancellationToken);
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
            await ReloadAsync(cancellationToken);
            return key;
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
            _loaded = new LoadedKeys(
                keys.Select(k => (k, new SymmetricSecurityKey(Convert.FromBase64String(_secrets.Unprotect(k.ProtectedSecret))) { KeyId = k.Id.ToString("N") })).ToList(),
                time.GetUtcNow());
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token signing key {KeyId} made; it signs from {ActivatesAt}")]
    private static partial void LogRotated(ILogger logger, Guid keyId, DateTimeOffset activatesAt);
}
