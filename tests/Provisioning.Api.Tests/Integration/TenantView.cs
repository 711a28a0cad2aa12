
namespace Provisioning.Api.Tests.Integration;

/// <summary>The tenant as a client reads it off the wire.</summary>
public sealed record TenantView(
    string ClientId,
    string Status,
    string? AccountSid,
    string? MemoryStoreId,
    string MemoryStoreName,
    string? OrchestratorConfigurationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    string? LastError,
    TenantRunView? Run = null);

/// <summary>The tenant's run as a client reads it off the wire.</summary>
public sealed record TenantRunView(string State, DateTimeOffset? DueAt, string? HeldBy, DateTimeOffset? HeldUntil, int Attempt);
