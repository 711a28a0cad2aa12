using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Provisioning.Api.Data;

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

    [Fact]
    public async Task Committed_script_applies_to_an_empty_database_and_again_without_error()
    {
        var connectionString = await (await Provisioning.Testing.Postgres.PostgresServer.GetAsync()).CreateDatabaseAsync();
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), ScriptPath));

        // What the migration Job does on every release: the second run must be a no-op.
        for (var run = 0; run < 2; run++)
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(script, connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var check = new Npgsql.NpgsqlConnection(connectionString);
        await check.OpenAsync();
        await using var migrations = new Npgsql.NpgsqlCommand("select count(*) from __ef_migrations_history", check);
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.Equal((long)db.Database.GetMigrations().Count(), (long)(await migrations.ExecuteScalarAsync())!);
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim('\uFEFF', '\n', ' ');

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        throw new InvalidOperationException("Provisioning.sln not found above the test binaries.");
    }
}
