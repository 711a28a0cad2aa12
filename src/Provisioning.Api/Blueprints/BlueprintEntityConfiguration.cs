using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Blueprints;

internal sealed class BlueprintEntityConfiguration : IEntityTypeConfiguration<Blueprint>
{
    public void Configure(EntityTypeBuilder<Blueprint> blueprint)
    {
        blueprint.ToTable("blueprints");
        blueprint.HasKey(b => b.Id);
        blueprint.Property(b => b.Id).ValueGeneratedNever();
        // Tenants and revisions refer to a blueprint by its name: unique, and never changed.
        blueprint.Property(b => b.Name).HasMaxLength(63);
        blueprint.HasAlternateKey(b => b.Name);
        blueprint.Property(b => b.Version).IsRowVersion();
        blueprint.HasMany<BlueprintRevision>().WithOne().HasForeignKey(r => r.BlueprintName).HasPrincipalKey(b => b.Name).OnDelete(DeleteBehavior.Restrict);
    }
}
