using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Accounts;

internal sealed class PoolAccountEntityConfiguration : IEntityTypeConfiguration<PoolAccount>
{
    public void Configure(EntityTypeBuilder<PoolAccount> account)
    {
        account.ToTable("pool_accounts", table =>
        {
            // The guarantee behind "never a 16th store": no code path can over-allocate an account.
            table.HasCheckConstraint("ck_pool_accounts_slots",
                "stores_ours >= 0 AND stores_foreign >= 0 AND stores_ours + stores_foreign <= store_capacity");
            table.HasCheckConstraint("ck_pool_accounts_capacity", "store_capacity >= 0");
            table.HasCheckConstraint("ck_pool_accounts_configurations", "configuration_capacity >= 0 AND configurations_foreign >= 0");
            table.HasCheckConstraint("ck_pool_accounts_parent_shared", "NOT (is_parent AND dedicated_tenant_id IS NOT NULL)");
            // A parent is its own parent; a subaccount belongs to another (whose credentials manage it).
            table.HasCheckConstraint("ck_pool_accounts_parent_sid", "is_parent = (parent_sid = sid)");
        });
        account.HasKey(a => a.Sid);
        account.Property(a => a.Sid).HasMaxLength(34);
        account.HasIndex(a => a.PoolIndex).IsUnique();
        account.Property(a => a.ParentSid).HasMaxLength(34);
        account.HasIndex(a => a.ParentSid);
        account.Property(a => a.FriendlyName).HasMaxLength(64);
        account.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        account.Property(a => a.CredentialSid).HasMaxLength(34);
        account.Property(a => a.ProtectedSecret).HasMaxLength(2048);
        account.Property(a => a.PendingCredentialSid).HasMaxLength(34);
        account.Property(a => a.PendingProtectedSecret).HasMaxLength(2048);
        account.Ignore(a => a.FreeStoreSlots);
        account.Ignore(a => a.IsDedicated);
        // One open subaccount per dedicated tenant, however many signups, runs or hosts ask for it at once.
        account.HasIndex(a => a.DedicatedTenantId).IsUnique().HasFilter("dedicated_tenant_id IS NOT NULL AND status <> 'Closed'");
        account.Property(a => a.ConfigurationCapacity).HasDefaultValue(10);
    }
}
