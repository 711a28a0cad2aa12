using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class AccountKeyRotationAndClosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "close_requested_at",
                table: "pool_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "pool_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "credentials_rotated_at",
                table: "pool_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "empty_since",
                table: "pool_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_credential_sid",
                table: "pool_accounts",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_protected_secret",
                table: "pool_accounts",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retired_keys_delete_at",
                table: "pool_accounts",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "close_requested_at",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "credentials_rotated_at",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "empty_since",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "pending_credential_sid",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "pending_protected_secret",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "retired_keys_delete_at",
                table: "pool_accounts");
        }
    }
}
