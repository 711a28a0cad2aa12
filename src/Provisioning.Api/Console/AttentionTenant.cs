using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>A tenant an admin should look at (Failed, or stuck in Deprovisioning), with why.</summary>
public sealed record AttentionTenant(string ClientId, TenantStatus Status, string? AccountSid, DateTimeOffset UpdatedAt, string? LastError);
