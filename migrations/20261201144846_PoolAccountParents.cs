using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class PoolAccountParents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "parent_sid",
                table: "pool_accounts",
                type: "character varying(34)",
                maxLength: 34,
                nullable: false,
                defaultValue: "");

            // Until now there was one parent: the pool's parent row owns every subaccount, and owns itself.
            migrationBuilder.Sql("""
                UPDATE pool_accounts
                SET parent_sid = CASE WHEN is_parent THEN sid
                                      ELSE (SELECT p.sid FROM pool_accounts p WHERE p.is_parent ORDER BY p.pool_index LIMIT 1) END;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_pool_accounts_parent_sid",
                table: "pool_accounts",
                column: "parent_sid");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pool_accounts_parent_sid",
                table: "pool_accounts",
                sql: "is_parent = (parent_sid = sid)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pool_accounts_parent_sid",
                table: "pool_accounts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pool_accounts_parent_sid",
                table: "pool_accounts");

            migrationBuilder.DropColumn(
                name: "parent_sid",
                table: "pool_accounts");
        }
    }
}
