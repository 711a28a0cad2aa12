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
        store.Ignore(r => r.IsAtTwilio);
    }
}
