using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class Blueprints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "blueprint_applied_revision",
                table: "tenants",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "blueprint_name",
                table: "tenants",
                type: "character varying(63)",
                maxLength: 63,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "blueprint_revision",
                table: "tenants",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "blueprints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    latest_revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blueprints", x => x.id);
                    table.UniqueConstraint("ak_blueprints_name", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "blueprint_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    blueprint_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blueprint_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_blueprint_revisions_blueprints_blueprint_name",
                        column: x => x.blueprint_name,
                        principalTable: "blueprints",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blueprint_revisions_blueprint_name_revision",
                table: "blueprint_revisions",
                columns: new[] { "blueprint_name", "revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blueprint_revisions");

            migrationBuilder.DropTable(
                name: "blueprints");

            migrationBuilder.DropColumn(
                name: "blueprint_applied_revision",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "blueprint_name",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "blueprint_revision",
                table: "tenants");
        }
    }
}
