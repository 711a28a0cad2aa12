using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <summary>
    /// Tenant addresses are no longer only phone numbers (P18, P19): RCS sender ids, Voice SDK identities and SIP URIs
    /// need more than 32 characters. Widening keeps every row; existing tenants' stored settings need no change (a
    /// VOICE channel stored without ingestion reads as passive, as it was).
    /// </summary>
    public partial class WiderTenantAddresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "address",
                table: "tenant_addresses",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "address",
                table: "tenant_addresses",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);
        }
    }
}
