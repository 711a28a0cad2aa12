namespace Provisioning.Api.Tenants;

/// <summary>
/// One line of a tenant's audit trail: a status change or an admin action, who did it and why. Written in
/// the same transaction as the change it records.
/// </summary>
public sealed class TenantEvent
{
    private TenantEvent()
    {
    }

    public TenantEvent(Guid tenantId, string clientId, string actor, string action, string? reason,
        TenantStatus? before, TenantStatus? after, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        TenantId = tenantId;
        ClientId = clientId;
        Actor = actor;
        Action = action;
        Reason = Infrastructure.Text.Truncate(reason, TenantRules.ReasonMaxLength);
        Before = before;
        After = after;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string ClientId { get; private set; } = "";

    /// <summary>The API key's name for an admin or control-plane action, "system" for the service itself.</summary>
    public string Actor { get; private set; } = "";

    public string Action { get; private set; } = "";
    public string? Reason { get; private set; }
    public TenantStatus? Before { get; private set; }
    public TenantStatus? After { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Erasure: the reason keeps its words but loses the client's personal values it names (an admin may have written a number).</summary>
    public void Scrub(TenantErasure erasure) => Reason = erasure.Scrub(Reason);
}
