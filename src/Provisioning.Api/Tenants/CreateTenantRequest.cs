
namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants</c>. Everything but clientId is optional.</summary>
public sealed record CreateTenantRequest(string? ClientId, string? DisplayName, OrchestratorRequest? Orchestrator, string? CallbackUrl = null)
{
    /// <summary>Settings with defaults filled in, so that a repeated signup compares like with like.</summary>
    public OrchestratorSettings ToOrchestratorSettings() => new(
        Orchestrator?.ConversationGroupingType ?? OrchestratorSettings.Default.ConversationGroupingType,
        Orchestrator?.MemoryExtractionEnabled ?? OrchestratorSettings.Default.MemoryExtractionEnabled,
        Orchestrator?.StatusCallbacks?.Select(c => new StatusCallback(c!.Url!, (c.Method ?? "POST").ToUpperInvariant())).ToList()
            ?? []);
}
