using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>Signups: one insert per new client; a repeated signup is answered by the tenant it repeats.</summary>
public sealed class TenantSignups(ProvisioningDbContext db, IBlueprintLookup blueprints, TimeProvider time, IOptions<ProvisioningOptions> options)
{
    /// <summary>
    /// Records the tenant; the insert notifies the workers' SignupDispatcher, which enqueues its onboarding off
    /// the request path (and nothing is lost if this process dies right after). Concurrent duplicates are
    /// settled by the unique index on client_id. <paramref name="isolation"/> null: Provisioning:DefaultIsolation;
    /// <paramref name="blueprint"/> null: Provisioning:DefaultBlueprint (a name that is no blueprint: 422).
    /// </summary>
    public async Task<Tenant> SignUpAsync(string clientId, string? displayName, OrchestratorSettings orchestrator, string? callbackUrl,
        TenantIsolation? isolation, string? blueprint, CancellationToken cancellationToken) =>
        (await SignUpOrRepeatAsync(clientId, displayName, orchestrator, callbackUrl, isolation, blueprint, cancellationToken)).Tenant;

    /// <summary>The same, saying whether this signup recorded the tenant (false: it repeats one that exists).</summary>
    public async Task<(Tenant Tenant, bool Created)> SignUpOrRepeatAsync(string clientId, string? displayName, OrchestratorSettings orchestrator,
        string? callbackUrl, TenantIsolation? isolation, string? blueprint, CancellationToken cancellationToken)
    {
        var tier = isolation ?? options.Value.DefaultIsolation;
        // Before anything else: a signup naming no blueprint there is records nothing, repeated or not.
        var wanted = await blueprints.ForSignupAsync(blueprint, cancellationToken);
        // A repeated signup of a live tenant takes no room: it is answered below as the tenant it repeats.
        if ((await TenantRoom.MeasureAsync(db, options.Value, cancellationToken)).RefusalOf(tier) is { } refusal
            && !await db.LiveTenants().AnyAsync(t => t.ClientId == clientId, cancellationToken))
            throw new ConflictException(refusal);

        // Insert first: past the quotas' count, a new signup costs one round trip; a repeated one is told apart by the unique index.
        var tenant = new Tenant(clientId, displayName, orchestrator, callbackUrl, tier, time.GetUtcNow(), wanted);
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (tenant, true);
        }
        catch (DbUpdateException e) when (TenantAddressConflict.IsAddressConflict(e))
        {
            throw await TenantAddressConflict.DescribeAsync(db, clientId, orchestrator, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var existing = await db.LiveTenants().AsNoTracking().SingleAsync(t => t.ClientId == clientId, cancellationToken);
            RepeatedSignup.Accept(existing, displayName, orchestrator, callbackUrl, tier, blueprint);
            return (existing, false);
        }
    }
}
