using Xunit;

namespace Provisioning.Testing.Postgres;

/// <summary>
/// xunit class fixture: one fresh, empty database on the shared <see cref="PostgresServer"/> per test class.
/// <code>
/// public sealed class TenantRepositoryTests(PostgresDatabaseFixture db) : IClassFixture&lt;PostgresDatabaseFixture&gt;
/// {
///     [Fact]
///     public async Task Works() { await using var c = new NpgsqlConnection(db.ConnectionString); await c.OpenAsync(); }
/// }
/// </code>
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The server the database lives on.</summary>
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>Connection string of this fixture's own database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The fixture has not been initialised yet.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Server = await PostgresServer.GetAsync();
        _connectionString = await Server.CreateDatabaseAsync();
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;
}
