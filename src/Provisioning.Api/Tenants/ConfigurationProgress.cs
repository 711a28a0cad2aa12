namespace Provisioning.Api.Tenants;

/// <summary>
/// How far the tenant's Conversation Orchestrator configuration has come at Twilio: what the sagas resume from.
/// Mapped as a complex type onto the tenant's own columns.
/// </summary>
/// <param name="IdempotencyKey">Idempotency-Key of the create (C1), saved before the call; Twilio keeps it 24 h.</param>
/// <param name="RequestedAt">When the create with <paramref name="IdempotencyKey"/> was first asked for.</param>
/// <param name="OperationId">The create's operation (C7), until it has completed.</param>
/// <param name="ConfiguredStoreId">The store the configuration references, as we last set it; differs from the tenant's store after a recreate or repair.</param>
/// <param name="UpdateKey">Idempotency-Key of the pending update (switch to a new store) or delete.</param>
public sealed record ConfigurationProgress(
    Guid? IdempotencyKey, DateTimeOffset? RequestedAt, string? OperationId, string? ConfiguredStoreId, Guid? UpdateKey)
{
    public static readonly ConfigurationProgress None = new(null, null, null, null, null);
}
