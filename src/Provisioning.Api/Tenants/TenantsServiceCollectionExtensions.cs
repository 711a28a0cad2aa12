using FluentValidation;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Jobs;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

public static class TenantsServiceCollectionExtensions
{
    /// <summary>The tenant, its signup and admin operations, its audit trail, and the watchdog over its sagas.</summary>
    public static IServiceCollection AddTenants(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProvisioningOptions>()
            .Bind(configuration.GetSection(ProvisioningOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The sagas' waits on Twilio operations are paced by the tenants' settings.
        services.AddOptions<OperationPollingOptions>().Configure<IOptions<ProvisioningOptions>>((polling, provisioning) =>
        {
            polling.PollInterval = provisioning.Value.PollInterval;
            polling.StepTimeout = provisioning.Value.StepTimeout;
        });
        services.AddValidatorsFromAssemblyContaining<CreateTenantRequestValidator>(includeInternalTypes: true);
        services.AddScoped<IInterceptor, TenantLifecycleInterceptor>();
        services.AddSingleton<TenantJobs>();
        services.AddScoped<TenantRunLock>();
        services.AddSingleton<StoreNameCache>();
        services.AddScoped<TenantResourceLookup>();
        services.AddScoped<TenantSignups>();
        services.AddScoped<TenantBatchSignups>();
        services.AddScoped<TenantAdministration>();
        services.AddScoped<TenantSettingsChange>();
        services.AddScoped<StalledTenantsWatchdog>();
        services.AddRecurringJob<StalledTenantsWatchdog>(StalledTenantsWatchdog.RecurringJobId,
            watchdog => watchdog.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value.WatchdogCron);
        services.AddScoped<FailedTenantRetention>();
        services.AddRecurringJob<FailedTenantRetention>(FailedTenantRetention.RecurringJobId,
            retention => retention.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value.WatchdogCron);
        services.AddSingleton<TenantStatusMetrics>();
        services.AddScoped<IMetricsSnapshotSource, TenantStatusSnapshot>();
        return services;
    }
}
