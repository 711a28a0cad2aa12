using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Accounts;
using Provisioning.Api.Blueprints;
using Provisioning.Api.Console;
using Provisioning.Api.Gateway;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Data;

/// <summary>
/// The one DbContext: the service's whole model, with each entity's mapping in its feature folder (one
/// IEntityTypeConfiguration per file), applied from the assembly.
/// </summary>
public sealed class ProvisioningDbContext(DbContextOptions<ProvisioningDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<PoolAccount> PoolAccounts => Set<PoolAccount>();
    public DbSet<RetiredStore> RetiredStores => Set<RetiredStore>();
    public DbSet<TenantEvent> TenantEvents => Set<TenantEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();
    public DbSet<ReconciliationFinding> ReconciliationFindings => Set<ReconciliationFinding>();
    public DbSet<KnownForeignStore> KnownForeignStores => Set<KnownForeignStore>();
    public DbSet<KnownForeignConfiguration> KnownForeignConfigurations => Set<KnownForeignConfiguration>();
    public DbSet<TenantAddress> TenantAddresses => Set<TenantAddress>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<ConsoleSession> ConsoleSessions => Set<ConsoleSession>();
    public DbSet<Blueprint> Blueprints => Set<Blueprint>();
    public DbSet<BlueprintRevision> BlueprintRevisions => Set<BlueprintRevision>();

    /// <summary>ASP.NET Core Data Protection's key ring, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ProvisioningDbContext).Assembly);
}
