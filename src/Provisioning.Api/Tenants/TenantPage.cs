namespace Provisioning.Api.Tenants;

public sealed record TenantPage(IReadOnlyList<TenantResponse> Items, string? NextCursor);
