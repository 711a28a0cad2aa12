namespace Provisioning.Api.Tenants;

/// <summary>
/// How far the tenant's Conversation Orchestrator configuration has come at Twilio: what the sagas resume from.
/// Mapped as a complex type onto the tenant's own columns.
/// </summary>
/// <param name="IdempotencyKey">Idempotency-Key of the create (C1), saved before the call; Twilio keeps it 24 h.</param>
/// <param name="RequestedAt">When the create with <paramref name="IdempotencyKey"/> was first asked for.</param>
/// <param name="OperationId">The create's operation (C7), until it has completed.</param>
/// <param name="ConfiguredStoreId">The store the configuration references, as we last set it; differs from the tenant's store after a recreate or repair.</param>
/// <param name="UpdateKey">Idempotency-Key of the pending update (a full replacement, C4) or delete (C6).</param>
/// <param name="UpdateRevision">The settings revision the pending update carries: its key is not reused for another.</param>
public sealed record ConfigurationProgress(
    Guid? IdempotencyKey, DateTimeOffset? RequestedAt, string? OperationId, string? ConfiguredStoreId, Guid? UpdateKey, int? UpdateRevision = null)
{
    public static readonly ConfigurationProgress None = new(null, null, null, null, null);
}
