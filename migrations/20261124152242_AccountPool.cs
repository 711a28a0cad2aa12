using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class AccountPool : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "account_sid",
                table: "tenants",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(34)",
                oldMaxLength: 34);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pool_accounts",
                columns: table => new
                {
                    sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    pool_index = table.Column<int>(type: "integer", nullable: false),
                    friendly_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    is_parent = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    accepts_tenants = table.Column<bool>(type: "boolean", nullable: false),
                    store_capacity = table.Column<int>(type: "integer", nullable: false),
                    stores_ours = table.Column<int>(type: "integer", nullable: false),
                    stores_foreign = table.Column<int>(type: "integer", nullable: false),
                    stores_counted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    credential_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    protected_secret = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pool_accounts", x => x.sid);
                    table.CheckConstraint("ck_pool_accounts_capacity", "store_capacity >= 0");
                    table.CheckConstraint("ck_pool_accounts_slots", "stores_ours >= 0 AND stores_foreign >= 0 AND stores_ours + stores_foreign <= store_capacity");
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_account_sid",
                table: "tenants",
                column: "account_sid");

            migrationBuilder.CreateIndex(
                name: "ix_pool_accounts_pool_index",
                table: "pool_accounts",
                column: "pool_index",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "pool_accounts");

            migrationBuilder.DropIndex(
                name: "ix_tenants_account_sid",
                table: "tenants");

            migrationBuilder.AlterColumn<string>(
                name: "account_sid",
                table: "tenants",
                type: "character varying(34)",
                maxLength: 34,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(34)",
                oldMaxLength: 34,
                oldNullable: true);
        }
    }
}
