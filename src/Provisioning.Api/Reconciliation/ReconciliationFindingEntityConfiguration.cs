using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Reconciliation;

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
