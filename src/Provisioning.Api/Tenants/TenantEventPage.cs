namespace Provisioning.Api.Tenants;

/// <summary>A page of a tenant's audit trail; <c>nextCursor</c> is null on the last page.</summary>
public sealed record TenantEventPage(IReadOnlyList<TenantEventView> Items, string? NextCursor);
