using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Jobs;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccountPool(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AccountPoolOptions>()
            .Bind(configuration.GetSection(AccountPoolOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Subaccount key secrets are encrypted with Data Protection; its key ring lives in PostgreSQL so that
        // every instance can read what another wrote.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Provisioning")
            .PersistKeysToDbContext<ProvisioningDbContext>();
        ProtectKeyRing(dataProtection, services, configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new(), environment);
        services.AddSingleton<SubaccountSecrets>();
        services.AddScoped<PoolCapacity>();
        services.AddScoped<SlotLedger>();
        services.AddScoped<PoolGrowth>();
        services.AddScoped<AccountCredentials>();
        services.AddScoped<ForeignResources>();
        services.AddScoped<SubaccountClosure>();
        services.AddSingleton<PoolMetrics>();
        services.AddScoped<IMetricsSnapshotSource, PoolSlotsSnapshot>();
        services.AddSingleton<PoolGrowthRounds>();
        services.AddScoped<AccountKeyRotation>();
        services.AddRecurringJob<AccountKeyRotation>(AccountKeyRotation.RecurringJobId,
            rotation => rotation.FinishRotationsAndDeleteRetiredKeysAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<AccountPoolOptions>>().Value.HousekeepingCron);
        services.AddScoped<EmptySubaccountCloser>();
        services.AddRecurringJob<EmptySubaccountCloser>(EmptySubaccountCloser.RecurringJobId,
            closer => closer.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<AccountPoolOptions>>().Value.HousekeepingCron);
        return services;
    }

    /// <summary>
    /// With a certificate the key ring is encrypted at rest. Without one, Production refuses to start unless an
    /// operator accepts the risk explicitly (and hears about it at every start).
    /// </summary>
    private static void ProtectKeyRing(IDataProtectionBuilder dataProtection, IServiceCollection services, KeyRingOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new OptionsValidationException(KeyRingOptions.SectionName, typeof(KeyRingOptions),
                    [$"DataProtection:CertificatePath: no PFX certificate could be read from '{options.CertificatePath}' with DataProtection:CertificatePassword ({e.GetType().Name})."]);
            }
            dataProtection.ProtectKeysWithCertificate(certificate);
            return;
        }
        if (!environment.IsProduction()) return;
        if (!options.AllowUnprotectedKeys)
            throw new OptionsValidationException(KeyRingOptions.SectionName, typeof(KeyRingOptions),
                ["The Data Protection key ring decrypts every subaccount API key secret and would be stored unencrypted next to them. "
                 + "Set DataProtection:CertificatePath (a PFX, with DataProtection:CertificatePassword) to protect it, "
                 + "or DataProtection:AllowUnprotectedKeys=true to accept the risk."]);
        services.AddHostedService<UnprotectedKeyRingWarning>();
    }
}
