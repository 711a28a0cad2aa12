using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/accounts", ListAccountsAsync)
            .WithTags("Accounts")
            .WithName("ListAccounts")
            .WithSummary("Admin: every Twilio account in the pool with its store and configuration slots, and how close the pool is to the subaccount ceiling.")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems();

        app.MapPatch("/v1/accounts/{sid}", UpdateAccountAsync)
            .WithTags("Accounts")
            .WithName("UpdateAccount")
            .WithSummary("Admin: override one account's store or configuration capacity, or stop/resume placing new tenants in it.")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithValidation<UpdateAccountRequest>();
        return app;
    }

    private static async Task<Results<Ok<AccountPoolView>, ProblemHttpResult, ValidationProblem>> UpdateAccountAsync(
        string sid, UpdateAccountRequest request, ProvisioningDbContext db, AccountPool accounts, IOptions<TwilioOptions> twilio,
        IOptions<AccountPoolOptions> pool, TimeProvider time, CancellationToken cancellationToken)
    {
        var updated = await accounts.UnderSlotLockAsync(() => UpdateUnderLockAsync(sid, request, db, time, cancellationToken), cancellationToken);
        return updated ?? TypedResults.Ok(await BuildViewAsync(db, twilio.Value, pool.Value, cancellationToken));
    }

    /// <summary>The override, checked against what the account uses now (under the slot lock); a problem, or null when saved.</summary>
    internal static async Task<Results<Ok<AccountPoolView>, ProblemHttpResult, ValidationProblem>?> UpdateUnderLockAsync(
        string sid, UpdateAccountRequest request, ProvisioningDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var account = await db.PoolAccounts.SingleOrDefaultAsync(a => a.Sid == sid, cancellationToken);
        if (account is null)
            return Problems.NotFound($"No account '{(sid.Length > 40 ? sid[..40] + "…" : sid)}' in the pool.");
        if (request.StoreCapacity is { } capacity && capacity < account.StoresOurs + account.StoresForeign)
            return Problems.Validation("storeCapacity",
                $"The account already uses {account.StoresOurs + account.StoresForeign} slots ({account.StoresOurs} ours, {account.StoresForeign} foreign); capacity cannot go below that.");
        var configurationsOurs = await db.LiveTenants().CountAsync(t => t.AccountSid == sid, cancellationToken);
        if (request.ConfigurationCapacity is { } configurationCapacity && configurationCapacity < configurationsOurs + account.ConfigurationsForeign)
            return Problems.Validation("configurationCapacity",
                $"The account already holds {configurationsOurs + account.ConfigurationsForeign} configurations ({configurationsOurs} ours, {account.ConfigurationsForeign} foreign); capacity cannot go below that.");

        account.Update(request.StoreCapacity, request.ConfigurationCapacity, request.AcceptsTenants, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static async Task<Ok<AccountPoolView>> ListAccountsAsync(
        ProvisioningDbContext db, IOptions<TwilioOptions> twilio, IOptions<AccountPoolOptions> pool, CancellationToken cancellationToken) =>
        TypedResults.Ok(await BuildViewAsync(db, twilio.Value, pool.Value, cancellationToken));

    internal static async Task<AccountPoolView> BuildViewAsync(
        ProvisioningDbContext db, TwilioOptions twilio, AccountPoolOptions pool, CancellationToken cancellationToken)
    {
        var accounts = await db.PoolAccounts.AsNoTracking().OrderBy(a => a.PoolIndex).ToListAsync(cancellationToken);
        var tenantCounts = await db.LiveTenants().Where(t => t.AccountSid != null)
            .GroupBy(t => t.AccountSid!)
            .Select(g => new { Sid = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Sid, g => g.Count, cancellationToken);

        var views = accounts.Select(a =>
        {
            var tenants = tenantCounts.GetValueOrDefault(a.Sid);
            var stores = ResourceUse.Of(a.StoreCapacity, a.StoresOurs, a.StoresForeign);
            var configurations = ResourceUse.Of(a.ConfigurationCapacity, tenants, a.ConfigurationsForeign);
            return new AccountView(
                a.Sid, a.FriendlyName, a.IsParent, a.Status, a.AcceptsTenants, a.StoreCapacity,
                new SlotUse(a.StoresOurs, a.StoresForeign, a.StoresOurs + a.StoresForeign),
                Math.Min(stores.Free, configurations.Free), tenants, stores, configurations, a.StoresCountedAt, a.CreatedAt);
        }).ToList();

        var subaccounts = accounts.Count(a => !a.IsParent && a.Status != PoolAccountStatus.Closed);
        var ceiling = twilio.MaxSubaccounts;
        return new AccountPoolView(
            views,
            new PoolTotals(views.Count, views.Sum(v => v.Capacity), views.Sum(v => v.Used.Total), views.Where(v => v.AcceptsTenants && v.Status == PoolAccountStatus.Active).Sum(v => v.Free), views.Sum(v => v.Tenants)),
            new SubaccountCeiling(subaccounts, ceiling, Math.Max(0, ceiling - subaccounts), subaccounts >= ceiling * pool.CeilingWarningRatio,
                (1 + ceiling) * Math.Min(twilio.StoreCapPerAccount, twilio.ConfigurationCapPerAccount)));
    }
}
