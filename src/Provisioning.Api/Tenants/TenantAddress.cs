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

    public string Channel { get; private set; } = "";
    public string Address { get; private set; } = "";
    public Guid TenantId { get; private set; }
}
