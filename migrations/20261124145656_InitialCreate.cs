using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: false),
                    display_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    orchestrator = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    memory_store_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    store_create_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    memory_store_operation_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    memory_store_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    memory_store_active_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    configuration_idempotency_key = table.Column<Guid>(type: "uuid", nullable: true),
                    configuration_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    orchestrator_configuration_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    configuration_operation_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ready_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_client_id",
                table: "tenants",
                column: "client_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_memory_store_id",
                table: "tenants",
                column: "memory_store_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_status_id",
                table: "tenants",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
