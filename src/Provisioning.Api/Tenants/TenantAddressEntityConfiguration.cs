using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Tenants;

internal sealed class TenantAddressEntityConfiguration : IEntityTypeConfiguration<TenantAddress>
{
    public const string PrimaryKeyName = "pk_tenant_addresses";

    public void Configure(EntityTypeBuilder<TenantAddress> address)
    {
        address.ToTable("tenant_addresses");
        // The key is the rule: one address, one tenant, per channel, across the deployment (not a check-then-insert).
        address.HasKey(a => new { a.Channel, a.Address }).HasName(PrimaryKeyName);
        address.Property(a => a.Channel).HasMaxLength(16);
        // A SIP URI is the longest address a tenant gives.
        address.Property(a => a.Address).HasMaxLength(TenantChannels.MaxAddressLength);
        address.HasIndex(a => a.TenantId);
    }
}
