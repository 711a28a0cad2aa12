using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/accounts", ListAccountsAsync)
            .WithTags("Accounts")
            .WithName("ListAccounts")
            .WithSummary("Admin: every Twilio account in the pool with its store slots, and how close the pool is to the subaccount ceiling.")
            .RequireAuthorization(Policies.Admin);
        return app;
    }

    private static async Task<IResult> ListAccountsAsync(
        ProvisioningDbContext db, IOptions<TwilioOptions> twilio, IOptions<AccountPoolOptions> pool, CancellationToken cancellationToken)
    {
        var accounts = await db.PoolAccounts.AsNoTracking().OrderBy(a => a.PoolIndex).ToListAsync(cancellationToken);
        var tenantCounts = await db.Tenants.Where(t => t.AccountSid != null)
            .GroupBy(t => t.AccountSid!)
            .Select(g => new { Sid = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Sid, g => g.Count, cancellationToken);

        var views = accounts.Select(a => new AccountView(
            a.Sid, a.FriendlyName, a.IsParent, a.Status, a.AcceptsTenants, a.StoreCapacity,
            new SlotUse(a.StoresOurs, a.StoresForeign, a.StoresOurs + a.StoresForeign),
            a.FreeSlots, tenantCounts.GetValueOrDefault(a.Sid), a.StoresCountedAt, a.CreatedAt)).ToList();

        var subaccounts = accounts.Count(a => !a.IsParent && a.Status != PoolAccountStatus.Closed);
        var ceiling = twilio.Value.MaxSubaccounts;
        return TypedResults.Ok(new AccountPoolView(
            views,
            new PoolTotals(views.Count, views.Sum(v => v.Capacity), views.Sum(v => v.Used.Total), views.Where(v => v.AcceptsTenants && v.Status == PoolAccountStatus.Active).Sum(v => v.Free), views.Sum(v => v.Tenants)),
            new SubaccountCeiling(subaccounts, ceiling, Math.Max(0, ceiling - subaccounts), subaccounts >= ceiling * pool.Value.CeilingWarningRatio)));
    }
}

public sealed record AccountPoolView(IReadOnlyList<AccountView> Accounts, PoolTotals Totals, SubaccountCeiling Subaccounts);

/// <summary>One account. No credentials: not even the key SID.</summary>
public sealed record AccountView(
    string Sid, string FriendlyName, bool IsParent, PoolAccountStatus Status, bool AcceptsTenants, int Capacity,
    SlotUse Used, int Free, int Tenants, DateTimeOffset? StoresCountedAt, DateTimeOffset CreatedAt);

public sealed record SlotUse(int Ours, int Foreign, int Total);

public sealed record PoolTotals(int Accounts, int Capacity, int Used, int Free, int Tenants);

/// <summary><see cref="Warning"/> is true at or past the warning share of the ceiling (AccountPool:CeilingWarningRatio).</summary>
public sealed record SubaccountCeiling(int Count, int Ceiling, int Remaining, bool Warning);
