using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>The checked-in SQL script is what production migration jobs apply: it must match the migrations.</summary>
public sealed class MigrationScriptTests
{
    private const string ScriptPath = "migrations/provisioning.sql";

    [Fact]
    public void Committed_idempotent_script_matches_the_migrations()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), ScriptPath));

        Assert.True(Normalize(generated) == Normalize(committed),
            $"{ScriptPath} is stale. Regenerate it: dotnet ef migrations script --idempotent --project src/Provisioning.Api -o {ScriptPath}");
    }

    [Fact]
    public void Model_has_no_changes_missing_a_migration()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model changed without a migration: dotnet ef migrations add <Name> --project src/Provisioning.Api --output-dir ../../migrations --namespace Provisioning.Migrations");
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim('\uFEFF', '\n', ' ');

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        throw new InvalidOperationException("Provisioning.sln not found above the test binaries.");
    }
}
