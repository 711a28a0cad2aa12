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
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithValidation<UpdateAccountRequest>();

        app.MapPost("/v1/accounts/{sid}/rotate-key", RotateKeyAsync)
            .WithTags("Accounts")
            .WithName("RotateAccountKey")
            .WithSummary("Admin: replace a subaccount's API key: a new key is made, verified and used from now on; the old one is deleted after AccountPool:RetiredKeyGracePeriod. Crash-safe; a retry resumes.")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .WithValidation<RotateKeyRequest>();
        return app;
    }

    private static async Task<Ok<KeyRotationView>> RotateKeyAsync(
        string sid, RotateKeyRequest request, AccountKeyRotation rotation, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rotation.RotateAsync(sid, request.Reason!, cancellationToken));

    private static async Task<Results<Ok<AccountPoolView>, ProblemHttpResult, ValidationProblem>> UpdateAccountAsync(
        string sid, UpdateAccountRequest request, ProvisioningDbContext db, SlotLedger slotLedger, IOptions<TwilioOptions> twilio, TwilioParents parents,
        IOptions<AccountPoolOptions> pool, TimeProvider time, CancellationToken cancellationToken)
    {
        var updated = await slotLedger.UnderSlotLockAsync(() => UpdateUnderLockAsync(sid, request, db, time, cancellationToken), cancellationToken);
        return updated ?? TypedResults.Ok(await BuildViewAsync(db, twilio.Value, parents, pool.Value, cancellationToken));
    }

    /// <summary>The override, checked against what the account uses now (under the slot lock); a problem, or null when saved.</summary>
    internal static async Task<Results<Ok<AccountPoolView>, ProblemHttpResult, ValidationProblem>?> UpdateUnderLockAsync(
        string sid, UpdateAccountRequest request, ProvisioningDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var account = await db.PoolAccounts.SingleOrDefaultAsync(a => a.Sid == sid, cancellationToken);
        if (account is null)
            return Problems.NotFound($"No account '{(sid.Length > 40 ? sid[..40] + "…" : sid)}' in the pool.");
        if (account.Status == PoolAccountStatus.Closed || account.CloseRequestedAt is not null)
            return Problems.Conflict($"Account {account.Sid} is closed (or being closed) and has left the pool.");
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
        ProvisioningDbContext db, IOptions<TwilioOptions> twilio, TwilioParents parents, IOptions<AccountPoolOptions> pool, CancellationToken cancellationToken) =>
        TypedResults.Ok(await BuildViewAsync(db, twilio.Value, parents, pool.Value, cancellationToken));

    internal static async Task<AccountPoolView> BuildViewAsync(
        ProvisioningDbContext db, TwilioOptions twilio, TwilioParents parents, AccountPoolOptions pool, CancellationToken cancellationToken)
    {
        // Fill order: parents as configured (a parent no longer configured last), then each parent's oldest account first.
        var order = parents.All.ToDictionary(p => p.AccountSid, p => p.Order, StringComparer.Ordinal);
        var accounts = (await db.PoolAccounts.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(a => order.GetValueOrDefault(a.ParentSid, int.MaxValue)).ThenBy(a => a.PoolIndex).ToList();
        var tenantCounts = await db.LiveTenants().Where(t => t.AccountSid != null)
            .GroupBy(t => t.AccountSid!)
            .Select(g => new { Sid = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Sid, g => g.Count, cancellationToken);
        var dedicatedTo = accounts.Where(a => a.IsDedicated).Select(a => a.DedicatedTenantId!.Value).ToList();
        var clientIds = await db.Tenants.Where(t => dedicatedTo.Contains(t.Id)).Select(t => new { t.Id, t.ClientId })
            .ToDictionaryAsync(t => t.Id, t => t.ClientId, cancellationToken);

        var views = accounts.Select(a =>
        {
            var tenants = tenantCounts.GetValueOrDefault(a.Sid);
            var stores = ResourceUse.Of(a.StoreCapacity, a.StoresOurs, a.StoresForeign);
            var configurations = ResourceUse.Of(a.ConfigurationCapacity, tenants, a.ConfigurationsForeign);
            return new AccountView(
                a.Sid, a.ParentSid, a.FriendlyName, a.IsParent, a.IsDedicated, a.DedicatedTenantId is { } id ? clientIds.GetValueOrDefault(id) : null,
                a.Status, a.AcceptsTenants, a.StoreCapacity,
                new SlotUse(a.StoresOurs, a.StoresForeign, a.StoresOurs + a.StoresForeign),
                Math.Min(stores.Free, configurations.Free), tenants, stores, configurations, a.StoresCountedAt, a.CreatedAt,
                a.CredentialsRotatedAt, a.EmptySince, a.CloseRequestedAt, a.ClosedAt);
        }).ToList();

        var parentViews = parents.All.Select(p =>
        {
            var own = views.Where(v => v.ParentSid == p.AccountSid).ToList();
            var subaccounts = own.Count(v => !v.IsParent && v.Status != PoolAccountStatus.Closed);
            return new ParentView(p.Name, p.AccountSid, p.Order, own.Any(v => v.IsParent), own.Select(v => v.Sid).ToList(), Totals(own),
                Ceiling(subaccounts, p.MaxSubaccounts, accountsAtCeiling: 1 + p.MaxSubaccounts));
        }).ToList();
        return new AccountPoolView(views, Totals(views),
            Ceiling(parentViews.Sum(p => p.Subaccounts.Count), parentViews.Sum(p => p.Subaccounts.Ceiling), parentViews.Sum(p => 1 + p.Subaccounts.Ceiling)),
            parentViews);

        SubaccountCeiling Ceiling(int subaccounts, int ceiling, int accountsAtCeiling) =>
            new(subaccounts, ceiling, Math.Max(0, ceiling - subaccounts), subaccounts >= ceiling * pool.CeilingWarningRatio, accountsAtCeiling * twilio.TenantsPerAccount);
    }

    /// <summary>
    /// Closed subaccounts are listed, but are no longer part of the totals; a dedicated account's free slots are its tenant's.
    /// </summary>
    private static PoolTotals Totals(IReadOnlyList<AccountView> views)
    {
        var open = views.Where(v => v.Status != PoolAccountStatus.Closed).ToList();
        var placeable = open.Where(v => !v.Dedicated && v.AcceptsTenants && v.Status == PoolAccountStatus.Active && v.CloseRequestedAt is null);
        return new PoolTotals(open.Count, open.Count(v => v.Dedicated), open.Sum(v => v.Dedicated ? v.Used.Total : v.Capacity), open.Sum(v => v.Used.Total),
            placeable.Sum(v => v.Free), open.Sum(v => v.Tenants));
    }
}
