using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Reconciliation;

internal sealed class KnownForeignConfigurationEntityConfiguration : IEntityTypeConfiguration<KnownForeignConfiguration>
{
    public void Configure(EntityTypeBuilder<KnownForeignConfiguration> configuration)
    {
        configuration.ToTable("known_foreign_configurations");
        configuration.HasKey(c => c.ConfigurationId);
        configuration.Property(c => c.ConfigurationId).HasMaxLength(128);
        configuration.Property(c => c.AccountSid).HasMaxLength(34);
        configuration.HasIndex(c => c.AccountSid);
        configuration.Property(c => c.DisplayName).HasMaxLength(64);
    }
}
