namespace Provisioning.Api.Tenants;

/// <summary>
/// Query of a tenant's history lists (<c>GET /v1/tenants/{clientId}/events</c>, <c>…/webhooks</c>): keyset paging as
/// <c>GET /v1/tenants</c> has it, bound as text so that every bad value gets a field error.
/// </summary>
public sealed record HistoryPageQuery(string? Limit, string? Cursor)
{
    public const int DefaultLimit = ListTenantsQuery.DefaultLimit;
    public const int MaxLimit = ListTenantsQuery.MaxLimit;

    public int ParsedLimit => int.TryParse(Limit, out var l) ? l : DefaultLimit;
    public Guid? AfterId => KeysetCursor.TryDecode(Cursor, out var id) ? id : null;
}
