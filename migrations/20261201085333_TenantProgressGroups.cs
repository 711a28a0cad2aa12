using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class TenantProgressGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
