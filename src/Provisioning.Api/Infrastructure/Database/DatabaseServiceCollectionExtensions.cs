using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Infrastructure.Database;

public static class DatabaseServiceCollectionExtensions
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IServiceCollection AddProvisioningDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new OptionsValidationException(DatabaseOptions.ConnectionStringName, typeof(DatabaseOptions),
                ["ConnectionStrings:Provisioning is required (for example Host=...;Database=provisioning;Username=...;Password=...)."]);

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName));
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<AdvisoryLocks>();
        services.AddDbContext<ProvisioningDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<TenantLifecycleInterceptor>()));
        services.AddHttpContextAccessor();
        services.AddScoped<ActorContext>();
        services.AddScoped<TenantLifecycleInterceptor>();
        return services;
    }

    /// <summary>Applies pending migrations when configured to (default: in Development only).</summary>
    public static async Task MigrateDatabaseIfConfiguredAsync(this WebApplication app)
    {
        var migrate = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup
                      ?? app.Environment.IsDevelopment();
        if (!migrate) return;

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        await db.Database.MigrateAsync();
    }
}
