using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without booting the host (which validates Twilio and
/// auth settings a developer adding a migration does not have). No connection is opened.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ProvisioningDbContext>
{
    public ProvisioningDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<ProvisioningDbContext>()
            .UseNpgsql("Host=localhost;Database=provisioning", npgsql => npgsql.MigrationsHistoryTable(DatabaseServiceCollectionExtensions.MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .Options);
}
