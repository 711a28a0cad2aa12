namespace Provisioning.Api.Tenants;

/// <summary>
/// Body of <c>POST /v1/tenants</c>. Everything but clientId is optional; <see cref="Isolation"/> is <c>pooled</c> or
/// <c>dedicated</c> (Provisioning:DefaultIsolation when not given). <see cref="DataClassification"/> says what data the
/// tenant's conversations hold (<see cref="DataClassifications"/>): only <c>standard</c> is accepted (P25).
/// <see cref="Blueprint"/> names the blueprint whose latest revision the tenant is to be shaped by
/// (Provisioning:DefaultBlueprint when not given).
/// </summary>
public sealed record CreateTenantRequest(
    string? ClientId, string? DisplayName, OrchestratorRequest? Orchestrator, string? CallbackUrl = null, string? Isolation = null,
    string? DataClassification = null, string? Blueprint = null)
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

    private static ChannelSettings ToChannelSettings(string channel, ChannelRequest request)
    {
        var timeouts = request.StatusTimeouts is { } t ? new StatusTimeouts(t.Inactive, t.Closed) : null;
        var addresses = (request.Addresses ?? []).Select(a => TenantChannels.Normalize(channel, a!)!).ToList();
        if (channel != TenantChannels.Voice) return new ChannelSettings(addresses, timeouts);
        // A VOICE channel that does not say is active: no capture rules, so no transcription the tenant did not ask for (P22).
        var identities = request.ClientIdentities?.Select(i => TenantChannels.NormalizeClientIdentity(i!)!).ToList();
        var sip = request.SipAddresses?.Select(a => TenantChannels.NormalizeSipAddress(a!)!).ToList();
        return new ChannelSettings(addresses, timeouts, request.Ingestion ?? VoiceIngestion.Default,
            identities is { Count: > 0 } ? identities : null, sip is { Count: > 0 } ? sip : null);
    }
}
