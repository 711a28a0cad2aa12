namespace Provisioning.Api.Tenants;

/// <summary>
/// An address (phone number) one live tenant captures on one channel. The primary key (channel, address) makes
/// it the tenant's alone across the deployment: two tenants capturing one number would pull each other's traffic
/// into their stores (L6). Released when the tenant is Deleted.
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
        orchestrator.Channels.SelectMany(c => c.Value.Addresses.Select(a => new TenantAddress(tenantId, c.Key, a))).ToList();

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
