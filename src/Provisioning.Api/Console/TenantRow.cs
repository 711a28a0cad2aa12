using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

public sealed record TenantRow(string ClientId, string? DisplayName, TenantStatus Status, string? AccountSid, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? LastError);
