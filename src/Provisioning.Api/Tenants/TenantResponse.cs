namespace Provisioning.Api.Tenants;

/// <summary>A tenant as the API shows it. No credentials, ever.</summary>
public sealed record TenantResponse(
    string ClientId,
    string? DisplayName,
    TenantStatus Status,
    string? AccountSid,
    string? MemoryStoreId,
    string MemoryStoreName,
    string? OrchestratorConfigurationId,
    OrchestratorSettings Orchestrator,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    string? LastError)
{
    public static TenantResponse From(Tenant t) => new(
        t.ClientId, t.DisplayName, t.Status, t.AccountSid, t.MemoryStoreId, t.MemoryStoreName,
        t.OrchestratorConfigurationId, t.Orchestrator, t.CreatedAt, t.UpdatedAt, t.ReadyAt, t.LastError);
}

public sealed record TenantPage(IReadOnlyList<TenantResponse> Items, string? NextCursor);
