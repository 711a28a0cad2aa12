using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Console;

public sealed class ConsoleSessionEntityConfiguration : IEntityTypeConfiguration<ConsoleSession>
{
    public void Configure(EntityTypeBuilder<ConsoleSession> session)
    {
        session.ToTable("console_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).ValueGeneratedNever();
        session.Property(s => s.KeyName).HasMaxLength(100);
        // Sign-in deletes the sessions unused for longer than their lifetime.
        session.HasIndex(s => s.LastSeenAt);
    }
}
