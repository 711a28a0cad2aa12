using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class OrchestratorLiveRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "applied_orchestrator",
                table: "tenants",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "applied_settings_revision",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "configuration_update_revision",
                table: "tenants",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "settings_revision",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "configuration_capacity",
                table: "pool_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.AddColumn<int>(
                name: "configurations_foreign",
                table: "pool_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Existing tenants are at revision 1, applied once their configuration exists (it was made from their settings).
            migrationBuilder.Sql("UPDATE tenants SET settings_revision = 1;");
            migrationBuilder.Sql("UPDATE tenants SET applied_settings_revision = 1, applied_orchestrator = orchestrator WHERE orchestrator_configuration_id IS NOT NULL;");
            // An account that already holds more tenants than the live configuration cap (10) keeps them: its cap
            // is raised to what it holds, so no new tenant goes there, and an operator can look at it.
            migrationBuilder.Sql("UPDATE pool_accounts a SET configuration_capacity = GREATEST(10, (SELECT count(*) FROM tenants t WHERE t.account_sid = a.sid AND t.status <> 'Deleted'));");

            migrationBuilder.CreateTable(
                name: "known_foreign_configurations",
                columns: table => new
                {
                    configuration_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    account_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    display_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_known_foreign_configurations", x => x.configuration_id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_addresses",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    address = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_addresses", x => new { x.channel, x.address });
                    table.ForeignKey(
                        name: "fk_tenant_addresses_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_pool_accounts_configurations",
                table: "pool_accounts",
                sql: "configuration_capacity >= 0 AND configurations_foreign >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_known_foreign_configurations_account_sid",
                table: "known_foreign_configurations",
                column: "account_sid");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_addresses_tenant_id",
                table: "tenant_addresses",
                column: "tenant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "known_foreign_configurations");

            migrationBuilder.DropTable(
                name: "tenant_addresses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pool_accounts_configurations",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "applied_orchestrator",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "applied_settings_revision",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "configuration_update_revision",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "settings_revision",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "configuration_capacity",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "configurations_foreign",
                table: "pool_accounts");
        }
    }
}
