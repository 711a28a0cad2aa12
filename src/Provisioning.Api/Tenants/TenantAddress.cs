namespace Provisioning.Api.Tenants;

/// <summary>
/// An address one live tenant captures on one channel (a number, an RCS sender id, a Voice SDK identity, a SIP address).
/// The primary key (channel, address) makes it the tenant's alone across the deployment: two tenants capturing one
/// address would pull each other's traffic into their stores (L6). The address is kept without its channel prefix
/// (<see cref="TenantChannels.OwnershipKey"/>), so <c>whatsapp:+1555…</c> and <c>+1555…</c> are one WhatsApp address (P18).
/// Ownership is per channel, as capture is: a number one tenant captures on SMS and another on WHATSAPP are two
/// captures that cannot see each other's traffic. Released when the tenant is Deleted.
/// </summary>
public sealed class TenantAddress
{
    private TenantAddress()
    {
    }

    public TenantAddress(Guid tenantId, string channel, string address)
    {
        TenantId = tenantId;
        Channel = channel;
        Address = address;
    }

    /// <summary>The addresses a tenant with these settings captures.</summary>
    public static List<TenantAddress> Of(Guid tenantId, OrchestratorSettings orchestrator) =>
        orchestrator.Channels
            .SelectMany(c => c.Value.AllAddresses.Select(a => (Channel: c.Key, Address: TenantChannels.OwnershipKey(c.Key, a))))
            // A VOICE number may be captured both as PSTN and as PUBLIC_SIP: one address all the same.
            .Distinct()
            .Select(a => new TenantAddress(tenantId, a.Channel, a.Address)).ToList();

    /// <summary>Keeps the rows of addresses that stay (so that only real changes touch the unique key), adds the new ones.</summary>
    public static void Sync(List<TenantAddress> current, Guid tenantId, OrchestratorSettings orchestrator)
    {
        var wanted = Of(tenantId, orchestrator);
        current.RemoveAll(a => !wanted.Any(w => w.Channel == a.Channel && w.Address == a.Address));
        current.AddRange(wanted.Where(w => !current.Any(a => a.Channel == w.Channel && a.Address == w.Address)));
    }

    public string Channel { get; private set; } = "";
    public string Address { get; private set; } = "";
    public Guid TenantId { get; private set; }
}
