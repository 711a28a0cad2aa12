using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <summary>The webhook outbox's relay: which deliveries a job was enqueued for (Webhooks/WebhookOutboxRelay.cs).</summary>
    public partial class WebhookOutboxDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dispatched_at",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            // Rows written before the relay existed were enqueued by the process that wrote them.
            migrationBuilder.Sql("UPDATE webhook_deliveries SET dispatched_at = created_at;");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries",
                column: "created_at",
                filter: "dispatched_at IS NULL AND delivered_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "webhook_deliveries");
        }
    }
}
