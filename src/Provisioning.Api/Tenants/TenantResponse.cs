namespace Provisioning.Api.Tenants;

/// <summary>
/// A tenant as the API shows it. No credentials, ever. <see cref="SlotReleasedAt"/>: when the tenant gave its slot back
/// (offboarding, or Failed past Provisioning:FailedSlotRetention, when it then has no account until a retry).
/// <see cref="Run"/>: whether the tenant's work is running, due or overdue, and which process holds it.
/// <see cref="ConversationConfiguration"/>: for a tenant whose VOICE ingestion is active, the value its TwiML gives as
/// <c>&lt;ConversationRelay conversationConfiguration="…"&gt;</c> (the attribute has no "Id" suffix; a wrong name is
/// silently ignored, P22); null otherwise, or until the configuration exists.
/// <see cref="Blueprint"/>: the blueprint the tenant is to be shaped by (<c>revision</c> wanted, <c>appliedRevision</c> at
/// Twilio, null until applied), or null when it has none.
/// </summary>
public sealed record TenantResponse(
    string ClientId,
    string? DisplayName,
    TenantStatus Status,
    TenantIsolation Isolation,
    TenantBlueprint? Blueprint,
    string? AccountSid,
    string? MemoryStoreId,
    string MemoryStoreName,
    string? OrchestratorConfigurationId,
    OrchestratorSettings Orchestrator,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    string? LastError,
    string? CallbackUrl,
    DateTimeOffset? DeletionDueAt,
    DateTimeOffset? DeletedAt,
    IReadOnlyList<RetiredStoreResponse> RetiredStores,
    int TwilioCalls,
    int SettingsRevision,
    int AppliedSettingsRevision,
    ErasureRecord? Erasure,
    DateTimeOffset? SlotReleasedAt,
    TenantRunResponse Run,
    string? ConversationConfiguration)
{
    /// <summary>The tenant as the API shows it, its run state read at <c>now</c> (default: the present).</summary>
    public static TenantResponse From(Tenant t, DateTimeOffset? now = null) => new(
        t.ClientId, t.DisplayName, t.Status, t.Isolation, t.Blueprint.IsAssigned ? t.Blueprint : null, t.AccountSid, t.MemoryStoreId, t.MemoryStoreName,
        t.OrchestratorConfigurationId, t.Orchestrator, t.CreatedAt, t.UpdatedAt, t.ReadyAt, t.LastError, t.CallbackUrl,
        t.DeletionDueAt, t.DeletedAt,
        t.RetiredStores.Select(r => new RetiredStoreResponse(r.StoreId, r.AccountSid, r.Renamed ? r.RetiredName : r.OriginalName, r.RetiredAt, r.DeletedAt, r.DeleteRefusal)).ToList(),
        t.TwilioCalls, t.SettingsRevision, t.AppliedSettingsRevision, ErasureRecord.Of(t), t.SlotReleasedAt,
        TenantRunResponse.From(t.Run, now ?? TimeProvider.System.GetUtcNow()),
        t.Orchestrator.Channels.TryGetValue(TenantChannels.Voice, out var voice) && !voice.IsPassiveVoice ? t.OrchestratorConfigurationId : null);
}
