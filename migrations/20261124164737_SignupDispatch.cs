using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Provisioning.Migrations
{
    /// <inheritdoc />
    public partial class SignupDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "onboarding_dispatched_at",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            // Tenants signed up before dispatching existed were enqueued by the API itself.
            migrationBuilder.Sql("UPDATE tenants SET onboarding_dispatched_at = created_at WHERE onboarding_dispatched_at IS NULL;");

            // A new signup wakes the workers' SignupDispatcher (Tenants/SignupDispatcher.cs) at once.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notify_provisioning_signup() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('provisioning_signups', '');
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tenants_signup_notify ON tenants;");
            migrationBuilder.Sql("CREATE TRIGGER tenants_signup_notify AFTER INSERT ON tenants FOR EACH STATEMENT EXECUTE FUNCTION notify_provisioning_signup();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tenants_signup_notify ON tenants;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS notify_provisioning_signup();");
            migrationBuilder.DropColumn(
                name: "onboarding_dispatched_at",
                table: "tenants");
        }
    }
}
