using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Jobs;

namespace Provisioning.Api.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconciliationOptions>()
            .Bind(configuration.GetSection(ReconciliationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<Reconciler>();
        services.AddScoped<AccountReconciler>();
        services.AddRecurringJob<Reconciler>(Reconciler.RecurringJobId,
            reconciler => reconciler.ScheduleAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<ReconciliationOptions>>().Value.Cron);
        return services;
    }
}
