using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;

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
        services.AddScoped<UnitOfWork>();
        // Features add their own interceptors (services.AddScoped<IInterceptor, T>()); they run in registration
        // order, after the timestamps are stamped.
        services.AddScoped<IInterceptor, TimestampInterceptor>();
        services.AddDbContext<ProvisioningDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddHttpContextAccessor();
        services.AddScoped<ActorContext>();
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
