using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>
/// The console's tenant search: clientId prefix, status, account, newest first by signup or by last change, with
/// keyset paging (the cursor is the last row's sort key, so a page costs the same deep in the list as on top).
/// </summary>
public sealed class TenantSearch(ProvisioningDbContext db)
{
    public const int PageSize = 50;

    public async Task<TenantSearchPage> FindAsync(string? prefix, TenantStatus? status, string? accountSid, TenantSort sort, string? after,
        CancellationToken cancellationToken)
    {
        var tenants = db.Tenants.AsNoTracking();
        // A clientId has only [a-z0-9-]: anything else matches no tenant (and LIKE's wildcards never reach SQL).
        if (!string.IsNullOrEmpty(prefix))
            tenants = IsPrefixOfClientId(prefix) ? tenants.Where(t => t.ClientId.StartsWith(prefix)) : tenants.Where(_ => false);
        if (status is { } s) tenants = tenants.Where(t => t.Status == s);
        if (!string.IsNullOrEmpty(accountSid)) tenants = tenants.Where(t => t.AccountSid == accountSid);
        var total = await tenants.CountAsync(cancellationToken);

        var cursor = Cursor.Parse(after);
        IQueryable<Tenant> ordered;
        if (sort == TenantSort.Updated)
        {
            if (cursor is { } c) tenants = tenants.Where(t => t.UpdatedAt < c.UpdatedAt || (t.UpdatedAt == c.UpdatedAt && t.Id.CompareTo(c.Id) < 0));
            ordered = tenants.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id);
        }
        else
        {
            // Ids are UUIDv7: their order is the signup order.
            if (cursor is { } c) tenants = tenants.Where(t => t.Id.CompareTo(c.Id) < 0);
            ordered = tenants.OrderByDescending(t => t.Id);
        }
        var page = await ordered.Take(PageSize + 1)
            .Select(t => new { t.Id, Row = new TenantRow(t.ClientId, t.DisplayName, t.Status, t.AccountSid, t.CreatedAt, t.UpdatedAt, t.LastError) })
            .ToListAsync(cancellationToken);
        var next = page.Count > PageSize ? new Cursor(page[PageSize - 1].Row.UpdatedAt, page[PageSize - 1].Id).ToString() : null;
        return new TenantSearchPage(page.Take(PageSize).Select(p => p.Row).ToList(), total, next);
    }

    public static bool IsPrefixOfClientId(string prefix) =>
        prefix.Length <= TenantRules.ClientIdMaxLength && prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>The last row's sort key: its change time (microseconds since the epoch) and its id.</summary>
    private sealed record Cursor(DateTimeOffset UpdatedAt, Guid Id)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{(UpdatedAt - DateTimeOffset.UnixEpoch).Ticks / 10}.{Id:N}");

        public static Cursor? Parse(string? text)
        {
            var parts = text?.Split('.');
            if (parts is not { Length: 2 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
                || micros > DateTimeOffset.MaxValue.Ticks / 10 - DateTimeOffset.UnixEpoch.Ticks / 10 || !Guid.TryParseExact(parts[1], "N", out var id))
                return null;
            return new Cursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
        }
    }
}
