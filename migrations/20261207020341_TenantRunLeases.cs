using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <summary>
    /// The tenant row becomes the unit of work: what it needs next (run_due_at) and who holds it until when
    /// (run_held_by, run_held_until). It replaces the signup dispatch mark, the run request mark and the watchdog.
    /// </summary>
    public partial class TenantRunLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "run_due_at",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "run_held_by",
                table: "tenants",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "run_held_until",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "run_attempt",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Work that was queued in Hangfire (or waiting for the watchdog) is due now; an offboarding when its grace
            // period ends. Jobs of the old model still queued find nothing to call and fail once, harmlessly.
            migrationBuilder.Sql("""
                UPDATE tenants SET run_due_at = CASE WHEN status = 'PendingDeletion' THEN coalesce(deletion_due_at, now()) ELSE now() END
                WHERE status IN ('Pending', 'Provisioning', 'PendingDeletion', 'Deprovisioning')
                   OR (status = 'Ready' AND (applied_settings_revision < settings_revision OR pending_reprovision <> 'None'));
                """);

            // Expand, then contract (deploy/README.md): onboarding_dispatched_at and run_requested_at are no longer used but
            // stay for a release, so that the previous version still runs on this schema after a rollback.

            migrationBuilder.CreateIndex(
                name: "ix_tenants_run_due_at",
                table: "tenants",
                column: "run_due_at",
                filter: "run_due_at IS NOT NULL");

            // A run due now wakes the workers' runner at once (Runs/TenantRunner.cs); its sweep covers a missed one.
            // Notifications of one transaction are folded into one by PostgreSQL.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tenants_signup_notify ON tenants;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS notify_provisioning_signup();");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notify_provisioning_run() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('provisioning_runs', '');
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tenants_run_due_on_insert AFTER INSERT ON tenants FOR EACH ROW
                WHEN (NEW.run_due_at IS NOT NULL AND NEW.run_due_at <= now())
                EXECUTE FUNCTION notify_provisioning_run();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tenants_run_due_on_update AFTER UPDATE OF run_due_at ON tenants FOR EACH ROW
                WHEN (NEW.run_due_at IS NOT NULL AND NEW.run_due_at <= now() AND NEW.run_held_by IS NULL
                      AND NEW.run_due_at IS DISTINCT FROM OLD.run_due_at)
                EXECUTE FUNCTION notify_provisioning_run();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tenants_run_due_on_insert ON tenants;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tenants_run_due_on_update ON tenants;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS notify_provisioning_run();");
            migrationBuilder.DropIndex(name: "ix_tenants_run_due_at", table: "tenants");
            migrationBuilder.DropColumn(name: "run_due_at", table: "tenants");
            migrationBuilder.DropColumn(name: "run_held_by", table: "tenants");
            migrationBuilder.DropColumn(name: "run_held_until", table: "tenants");
            migrationBuilder.DropColumn(name: "run_attempt", table: "tenants");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notify_provisioning_signup() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('provisioning_signups', '');
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER tenants_signup_notify AFTER INSERT ON tenants FOR EACH STATEMENT EXECUTE FUNCTION notify_provisioning_signup();");
        }
    }
}
