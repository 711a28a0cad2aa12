using FluentValidation;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Jobs;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

public static class TenantsServiceCollectionExtensions
{
    /// <summary>The tenant, its signup and admin operations, its audit trail, its run state and the retention of Failed tenants.</summary>
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
        services.AddSingleton<RunHolder>();
        services.AddScoped<TenantCheckpoint>();
        services.AddSingleton<TenantLeases>();
        services.AddSingleton<StoreNameCache>();
        services.AddScoped<TenantResourceLookup>();
        services.AddScoped<TenantSignups>();
        services.AddScoped<TenantBatchSignups>();
        services.AddScoped<TenantAdministration>();
        services.AddScoped<TenantSettingsChange>();
        // The stalled-tenants watchdog of earlier versions: a due or expired run is taken up by the runner instead.
        services.AddRetiredRecurringJob("stalled-tenants-watchdog");
        services.AddScoped<FailedTenantRetention>();
        services.AddRecurringJob<FailedTenantRetention>(FailedTenantRetention.RecurringJobId,
            retention => retention.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value.RetentionCron);
        services.AddSingleton<TenantStatusMetrics>();
        services.AddScoped<IMetricsSnapshotSource, TenantStatusSnapshot>();
        return services;
    }
}
