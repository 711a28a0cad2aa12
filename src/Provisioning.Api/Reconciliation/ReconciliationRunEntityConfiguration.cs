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
