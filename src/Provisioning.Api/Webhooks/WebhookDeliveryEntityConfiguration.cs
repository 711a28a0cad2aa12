using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Provisioning.Api.Webhooks;

internal sealed class WebhookDeliveryEntityConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.Id).ValueGeneratedNever();
        delivery.HasIndex(d => new { d.TenantId, d.Id });
        delivery.Property(d => d.ClientId).HasMaxLength(25);
        delivery.Property(d => d.EventType).HasMaxLength(64);
        delivery.Property(d => d.Url).HasMaxLength(2048);
        delivery.Property(d => d.Payload).HasColumnType("jsonb");
        delivery.Property(d => d.LastError).HasMaxLength(1000);
        // The outbox relay's look: rows no job was enqueued for. Nearly every row leaves it at once.
        delivery.HasIndex(d => d.CreatedAt, "ix_webhook_deliveries_undispatched").HasFilter("dispatched_at IS NULL AND delivered_at IS NULL");
        // The payload retention's look: bodies not yet redacted, oldest first. Past the retention every row leaves it.
        delivery.HasIndex(d => d.CreatedAt, "ix_webhook_deliveries_unredacted").HasDatabaseName("ix_webhook_deliveries_unredacted").HasFilter("redacted_at IS NULL");
        delivery.Ignore(d => d.IsFinished);
    }
}
