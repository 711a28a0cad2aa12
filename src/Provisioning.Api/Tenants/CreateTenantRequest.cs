namespace Provisioning.Api.Tenants;

/// <summary>
/// Body of <c>POST /v1/tenants</c>. Everything but clientId is optional; <see cref="Isolation"/> is <c>pooled</c> or
/// <c>dedicated</c> (Provisioning:DefaultIsolation when not given); <see cref="Blueprint"/> names the blueprint whose latest
/// revision the tenant is to be shaped by (Provisioning:DefaultBlueprint when not given).
/// </summary>
public sealed record CreateTenantRequest(
    string? ClientId, string? DisplayName, OrchestratorRequest? Orchestrator, string? CallbackUrl = null, string? Isolation = null,
    string? Blueprint = null)
{
    /// <summary>The isolation asked for (validated), or null when the signup leaves it to the deployment's default.</summary>
    public TenantIsolation? ToIsolation() => Isolation is null ? null : TenantRules.Isolations[Isolation];

    /// <summary>Settings with defaults filled in and addresses normalised, so that a repeated signup compares like with like.</summary>
    public OrchestratorSettings ToOrchestratorSettings() => new(
        Orchestrator?.ConversationGroupingType ?? OrchestratorSettings.Default.ConversationGroupingType,
        Orchestrator?.MemoryExtractionEnabled ?? OrchestratorSettings.Default.MemoryExtractionEnabled,
        Orchestrator?.StatusCallbacks?.Select(c => new StatusCallback(c!.Url!, (c.Method ?? "POST").ToUpperInvariant())).ToList()
            ?? [],
        Orchestrator?.Channels?.ToDictionary(c => c.Key.ToUpperInvariant(), c => ToChannelSettings(c.Key.ToUpperInvariant(), c.Value!)));

    private static ChannelSettings ToChannelSettings(string channel, ChannelRequest request) => new(
        request.Addresses!.Select(a => TenantChannels.Normalize(channel, a!)).ToList(),
        request.StatusTimeouts is { } t ? new StatusTimeouts(t.Inactive, t.Closed) : null);
}
