using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Blueprints;

internal sealed class BlueprintRevisionEntityConfiguration : IEntityTypeConfiguration<BlueprintRevision>
{
    public void Configure(EntityTypeBuilder<BlueprintRevision> revision)
    {
        revision.ToTable("blueprint_revisions");
        revision.HasKey(r => r.Id);
        revision.Property(r => r.Id).ValueGeneratedNever();
        revision.Property(r => r.BlueprintName).HasMaxLength(63);
        // What a tenant records; also what settles two revisions made at once (one of them fails here).
        revision.HasIndex(r => new { r.BlueprintName, r.Revision }).IsUnique();
        revision.Property(r => r.Content)
            .HasColumnType("jsonb")
            .HasConversion(content => content.ToJson(), json => BlueprintContent.FromJson(json));
        revision.Property(r => r.CreatedBy).HasMaxLength(200);
        revision.Property(r => r.Reason).HasMaxLength(1000);
    }
}
