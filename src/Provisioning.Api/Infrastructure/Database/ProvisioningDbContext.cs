using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Infrastructure.Database;

public sealed class ProvisioningDbContext(DbContextOptions<ProvisioningDbContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ProvisioningDbContext).Assembly);
}
