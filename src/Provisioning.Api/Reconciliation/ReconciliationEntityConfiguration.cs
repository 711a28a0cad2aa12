using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Reconciliation;

internal sealed class ReconciliationRunEntityConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> run)
    {
        run.ToTable("reconciliation_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        // At most one run at a time, whichever instance starts it.
        run.HasIndex(r => r.Status).IsUnique().HasFilter("status = 'Running'").HasDatabaseName("ux_reconciliation_runs_one_running");
        run.Property(r => r.Trigger).HasMaxLength(16);
        run.Property(r => r.Actor).HasMaxLength(100);
        run.Property(r => r.Summary).HasColumnType("jsonb");
        run.Property(r => r.Error).HasMaxLength(2000);
        run.Ignore(r => r.Duration);
    }
}

internal sealed class ReconciliationFindingEntityConfiguration : IEntityTypeConfiguration<ReconciliationFinding>
{
    public void Configure(EntityTypeBuilder<ReconciliationFinding> finding)
    {
        finding.ToTable("reconciliation_findings");
        finding.HasKey(f => f.Id);
        finding.Property(f => f.Id).ValueGeneratedNever();
        finding.HasIndex(f => new { f.RunId, f.Id });
        finding.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
        finding.Property(f => f.AccountSid).HasMaxLength(34);
        finding.Property(f => f.StoreId).HasMaxLength(128);
        finding.Property(f => f.ConfigurationId).HasMaxLength(128);
        finding.Property(f => f.ClientId).HasMaxLength(64);
        finding.Property(f => f.Detail).HasMaxLength(1000);
        finding.Property(f => f.Action).HasMaxLength(300);
    }
}

internal sealed class KnownForeignStoreEntityConfiguration : IEntityTypeConfiguration<KnownForeignStore>
{
    public void Configure(EntityTypeBuilder<KnownForeignStore> store)
    {
        store.ToTable("known_foreign_stores");
        store.HasKey(s => s.StoreId);
        store.Property(s => s.StoreId).HasMaxLength(128);
        store.Property(s => s.AccountSid).HasMaxLength(34);
        store.HasIndex(s => s.AccountSid);
        store.Property(s => s.DisplayName).HasMaxLength(256);
    }
}
