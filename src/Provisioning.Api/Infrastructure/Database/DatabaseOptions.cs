namespace Provisioning.Api.Infrastructure.Database;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Provisioning";

    /// <summary>Apply pending EF Core migrations at start. Defaults to true in Development only.</summary>
    public bool? MigrateOnStartup { get; set; }
}
