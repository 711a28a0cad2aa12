using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class ClientIdLookupIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_tenants_client_id1",
                table: "tenants",
                column: "client_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tenants_client_id1",
                table: "tenants");
        }
    }
}
