using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class IsolationTiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "isolation",
                table: "tenants",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // Every tenant that signed up before isolation tiers existed shares accounts.
                defaultValue: "Pooled");

            migrationBuilder.AddColumn<Guid>(
                name: "dedicated_tenant_id",
                table: "pool_accounts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_pool_accounts_dedicated_tenant_id",
                table: "pool_accounts",
                column: "dedicated_tenant_id",
                unique: true,
                filter: "dedicated_tenant_id IS NOT NULL AND status <> 'Closed'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pool_accounts_parent_shared",
                table: "pool_accounts",
                sql: "NOT (is_parent AND dedicated_tenant_id IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pool_accounts_dedicated_tenant_id",
                table: "pool_accounts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pool_accounts_parent_shared",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "isolation",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "dedicated_tenant_id",
                table: "pool_accounts");
        }
    }
}
