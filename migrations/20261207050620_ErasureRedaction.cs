using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class ErasureRedaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deferred_until",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "given_up_at",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "redacted_at",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "redacted_at",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "redacted_fields",
                table: "tenants",
                type: "text[]",
                nullable: true);

            // Deliveries that spent every attempt before given_up_at existed are given up when they last failed.
            migrationBuilder.Sql("UPDATE webhook_deliveries SET given_up_at = last_attempt_at WHERE delivered_at IS NULL AND attempts >= 13;");

            // Tenants Deleted before erasure reached PostgreSQL are redacted now: audit reasons naming their personal
            // values, their webhook bodies (and finished deliveries' tenant URLs), then their own fields.
            migrationBuilder.Sql("""
                WITH personal AS (
                    SELECT t.id AS tenant_id, p.value FROM tenants t,
                    LATERAL (SELECT t.display_name UNION ALL SELECT t.callback_url
                             UNION ALL SELECT jsonb_array_elements_text(c.value->'addresses') FROM jsonb_each(COALESCE(t.orchestrator->'channels', '{}'::jsonb)) c
                             UNION ALL SELECT s->>'url' FROM jsonb_array_elements(COALESCE(t.orchestrator->'statusCallbacks', '[]'::jsonb)) s) AS p(value)
                    WHERE t.status = 'Deleted' AND t.redacted_at IS NULL AND p.value IS NOT NULL AND p.value <> '')
                UPDATE tenant_events e SET reason = '[redacted]'
                WHERE EXISTS (SELECT 1 FROM personal p WHERE p.tenant_id = e.tenant_id AND strpos(e.reason, p.value) > 0);
                """);
            migrationBuilder.Sql("""
                UPDATE webhook_deliveries d SET
                    payload = jsonb_build_object('id', d.payload->'id', 'type', d.event_type, 'occurredAt', d.payload->'occurredAt',
                        'tenant', jsonb_build_object('clientId', d.client_id, 'status', d.payload->'tenant'->'status'), 'redacted', true),
                    url = CASE WHEN d.url = t.callback_url AND (d.delivered_at IS NOT NULL OR d.given_up_at IS NOT NULL) THEN 'redacted:' ELSE d.url END,
                    redacted_at = CASE WHEN d.delivered_at IS NOT NULL OR d.given_up_at IS NOT NULL THEN now() END
                FROM tenants t
                WHERE t.id = d.tenant_id AND t.status = 'Deleted' AND t.redacted_at IS NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE tenants SET
                    redacted_fields = array_remove(ARRAY[
                        CASE WHEN display_name IS NOT NULL THEN 'displayName' END,
                        CASE WHEN callback_url IS NOT NULL THEN 'callbackUrl' END,
                        CASE WHEN COALESCE(orchestrator->'channels', '{}'::jsonb) <> '{}'::jsonb THEN 'orchestrator.channels' END,
                        CASE WHEN COALESCE(orchestrator->'statusCallbacks', '[]'::jsonb) <> '[]'::jsonb THEN 'orchestrator.statusCallbacks' END,
                        'webhookPayloads'], NULL),
                    redacted_at = now(),
                    display_name = NULL,
                    callback_url = NULL,
                    orchestrator = orchestrator || '{"statusCallbacks": [], "channels": {}}'::jsonb,
                    applied_orchestrator = CASE WHEN applied_orchestrator IS NULL THEN NULL
                        ELSE applied_orchestrator || '{"statusCallbacks": [], "channels": {}}'::jsonb END
                WHERE status = 'Deleted' AND redacted_at IS NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_unredacted",
                table: "webhook_deliveries",
                column: "created_at",
                filter: "redacted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_unredacted",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "deferred_until",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "given_up_at",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "redacted_at",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "redacted_at",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "redacted_fields",
                table: "tenants");
        }
    }
}
