using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Reconciliation;

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
