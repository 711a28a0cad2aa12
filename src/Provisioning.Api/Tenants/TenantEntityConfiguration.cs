using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Tenants;

internal sealed class RetiredStoreEntityConfiguration : IEntityTypeConfiguration<RetiredStore>
{
    public void Configure(EntityTypeBuilder<RetiredStore> store)
    {
        store.ToTable("retired_stores");
        store.HasKey(r => r.Id);
        store.Property(r => r.Id).ValueGeneratedNever();
        store.Property(r => r.AccountSid).HasMaxLength(34);
        store.Property(r => r.StoreId).HasMaxLength(128);
        store.HasIndex(r => r.StoreId).IsUnique();
        store.Property(r => r.OriginalName).HasMaxLength(64);
        store.Property(r => r.RetiredName).HasMaxLength(128);
        store.Property(r => r.DeleteRefusal).HasMaxLength(1024);
        store.Ignore(r => r.IsPendingRename);
        store.Ignore(r => r.IsPendingDelete);
    }
}

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

internal sealed class TenantEntityConfiguration : IEntityTypeConfiguration<Tenant>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.ToTable("tenants");
        tenant.HasKey(t => t.Id);
        tenant.Property(t => t.Id).ValueGeneratedNever();
        tenant.Property(t => t.ClientId).HasMaxLength(TenantRules.ClientIdMaxLength);
        // A deleted clientId may sign up again: unique among tenants that are not Deleted.
        tenant.HasIndex(t => t.ClientId).IsUnique().HasFilter("status <> 'Deleted'");
        // Lookups of every incarnation of a clientId (the audit trail, a deleted tenant) cannot use the partial index.
        tenant.HasIndex(t => t.ClientId, "ix_tenants_client_id_all");
        tenant.Property(t => t.DisplayName).HasMaxLength(TenantRules.DisplayNameMaxLength);
        tenant.Property(t => t.Status).HasConversion<string>().HasMaxLength(32);
        tenant.HasIndex(t => new { t.Status, t.Id });
        tenant.Property(t => t.AccountSid).HasMaxLength(34);
        tenant.HasIndex(t => t.AccountSid);
        tenant.Property(t => t.MemoryStoreName).HasMaxLength(64);
        tenant.Property(t => t.MemoryStoreOperationId).HasMaxLength(512);
        tenant.Property(t => t.MemoryStoreId).HasMaxLength(128);
        tenant.HasIndex(t => t.MemoryStoreId).IsUnique();
        tenant.Property(t => t.OrchestratorConfigurationId).HasMaxLength(128);
        tenant.Property(t => t.ConfigurationOperationId).HasMaxLength(512);
        tenant.Property(t => t.LastError).HasMaxLength(2048);
        tenant.Property(t => t.Version).IsRowVersion();
        tenant.Ignore(t => t.IsTerminal);
        tenant.Property(t => t.PendingReprovision).HasConversion<string>().HasMaxLength(16);
        tenant.Property(t => t.StatusBeforeDeletion).HasConversion<string>().HasMaxLength(32);
        tenant.Property(t => t.ConfiguredStoreId).HasMaxLength(128);
        tenant.Property(t => t.CallbackUrl).HasMaxLength(2048);
        tenant.HasMany(t => t.RetiredStores).WithOne().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        tenant.Navigation(t => t.RetiredStores).AutoInclude();

        tenant.Property(t => t.Orchestrator)
            .HasColumnType("jsonb")
            .HasConversion(
                settings => JsonSerializer.Serialize(settings, Json),
                json => JsonSerializer.Deserialize<OrchestratorSettings>(json, Json) ?? OrchestratorSettings.Default);
    }
}
