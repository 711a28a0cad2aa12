using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Tenants;

internal sealed class TenantEventEntityConfiguration : IEntityTypeConfiguration<TenantEvent>
{
    public void Configure(EntityTypeBuilder<TenantEvent> tenantEvent)
    {
        tenantEvent.ToTable("tenant_events");
        tenantEvent.HasKey(e => e.Id);
        tenantEvent.Property(e => e.Id).ValueGeneratedNever();
        tenantEvent.HasIndex(e => new { e.TenantId, e.Id });
        tenantEvent.Property(e => e.ClientId).HasMaxLength(TenantRules.ClientIdMaxLength);
        tenantEvent.Property(e => e.Actor).HasMaxLength(100);
        tenantEvent.Property(e => e.Action).HasMaxLength(64);
        tenantEvent.Property(e => e.Reason).HasMaxLength(1000);
        tenantEvent.Property(e => e.Before).HasConversion<string>().HasMaxLength(32);
        tenantEvent.Property(e => e.After).HasConversion<string>().HasMaxLength(32);
    }
}
