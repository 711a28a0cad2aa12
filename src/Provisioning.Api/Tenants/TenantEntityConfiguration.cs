using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Tenants;

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
        // Tenants that signed up before isolation tiers existed share accounts: the migration gives them Pooled.
        tenant.Property(t => t.Isolation).HasConversion<string>().HasMaxLength(16);
        tenant.HasIndex(t => new { t.Status, t.Id });
        tenant.Property(t => t.AccountSid).HasMaxLength(34);
        tenant.HasIndex(t => t.AccountSid);
        tenant.Property(t => t.MemoryStoreName).HasMaxLength(64);
        tenant.Property(t => t.MemoryStoreId).HasMaxLength(128);
        tenant.HasIndex(t => t.MemoryStoreId).IsUnique();
        tenant.Property(t => t.OrchestratorConfigurationId).HasMaxLength(128);
        // Progress groups keep the columns they had as plain properties: no data migration.
        tenant.ComplexProperty(t => t.StoreProgress, store =>
        {
            store.Property(s => s.CreateRequestedAt).HasColumnName("store_create_requested_at");
            store.Property(s => s.OperationId).HasColumnName("memory_store_operation_id").HasMaxLength(512);
            store.Property(s => s.ActiveAt).HasColumnName("memory_store_active_at");
        });
        tenant.ComplexProperty(t => t.ConfigurationProgress, configuration =>
        {
            configuration.Property(c => c.IdempotencyKey).HasColumnName("configuration_idempotency_key");
            configuration.Property(c => c.RequestedAt).HasColumnName("configuration_requested_at");
            configuration.Property(c => c.OperationId).HasColumnName("configuration_operation_id").HasMaxLength(512);
            configuration.Property(c => c.ConfiguredStoreId).HasColumnName("configured_store_id").HasMaxLength(128);
            configuration.Property(c => c.UpdateKey).HasColumnName("configuration_update_key");
            configuration.Property(c => c.UpdateRevision).HasColumnName("configuration_update_revision");
        });
        tenant.ComplexProperty(t => t.Blueprint, blueprint =>
        {
            blueprint.Property(b => b.Name).HasColumnName("blueprint_name").HasMaxLength(63);
            blueprint.Property(b => b.Revision).HasColumnName("blueprint_revision");
            blueprint.Property(b => b.AppliedRevision).HasColumnName("blueprint_applied_revision");
            blueprint.Ignore(b => b.IsAssigned);
        });
        tenant.Property(t => t.LastError).HasMaxLength(Tenant.LastErrorMaxLength);
        tenant.Property(t => t.RunHeldBy).HasMaxLength(200);
        tenant.Property(t => t.RunAttempt).HasDefaultValue(0);
        // The runner's claim: due work, oldest first; most tenants have nothing due and stay out of the index.
        tenant.HasIndex(t => t.RunDueAt, "ix_tenants_run_due_at").HasFilter("run_due_at IS NOT NULL");
        tenant.Ignore(t => t.Run);
        tenant.Property(t => t.Version).IsRowVersion();
        tenant.Ignore(t => t.HasOnboardingWork);
        tenant.Ignore(t => t.ExpectsResourcesAtTwilio);
        tenant.Ignore(t => t.LifecycleEvents);
        tenant.Ignore(t => t.HasPendingSettings);
        tenant.Ignore(t => t.Onboarding);
        tenant.Ignore(t => t.Erasure);
        tenant.HasMany(t => t.Addresses).WithOne().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        tenant.Navigation(t => t.Addresses).HasField("_addresses").AutoInclude();
        tenant.Property(t => t.PendingReprovision).HasConversion<string>().HasMaxLength(16);
        tenant.Property(t => t.StatusBeforeDeletion).HasConversion<string>().HasMaxLength(32);
        tenant.Property(t => t.CallbackUrl).HasMaxLength(2048);
        tenant.Property(t => t.TokenGeneration).HasDefaultValue(1);
        tenant.HasMany(t => t.RetiredStores).WithOne().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        tenant.Navigation(t => t.RetiredStores).HasField("_retiredStores").AutoInclude();

        tenant.Property(t => t.Orchestrator)
            .HasColumnType("jsonb")
            .HasConversion(
                settings => JsonSerializer.Serialize(settings, Json),
                json => JsonSerializer.Deserialize<OrchestratorSettings>(json, Json) ?? OrchestratorSettings.Default);
        tenant.Property(t => t.AppliedOrchestrator)
            .HasColumnType("jsonb")
            .HasConversion(
                settings => settings == null ? null : JsonSerializer.Serialize(settings, Json),
                json => json == null ? null : JsonSerializer.Deserialize<OrchestratorSettings>(json, Json));
    }
}
