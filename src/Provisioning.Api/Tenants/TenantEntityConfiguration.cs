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
        tenant.HasIndex(t => t.ClientId).IsUnique();
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

        tenant.Property(t => t.Orchestrator)
            .HasColumnType("jsonb")
            .HasConversion(
                settings => JsonSerializer.Serialize(settings, Json),
                json => JsonSerializer.Deserialize<OrchestratorSettings>(json, Json) ?? OrchestratorSettings.Default);
    }
}
