using Npgsql;
using Testcontainers.PostgreSql;

namespace Provisioning.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server for tests. Chosen in this order:
/// <list type="number">
/// <item>the connection string in the <c>PROVISIONING_TEST_POSTGRES</c> environment variable, when set;</item>
/// <item>a <c>postgres:15-alpine</c> container through Testcontainers, when a Docker engine answers a short ping;</item>
/// <item>otherwise a throwaway cluster from the local PostgreSQL binaries (PATH or <c>/usr/lib/postgresql/*/bin</c>),
/// run as the <c>postgres</c> user when the tests run as root, with fsync off, on a free loopback port.</item>
/// </list>
/// <c>PROVISIONING_TEST_POSTGRES_STRATEGY=docker|local</c> forces one of the last two.
/// </summary>
/// <remarks>
/// <see cref="GetAsync"/> returns one process-wide server, started once (thread-safe) and stopped when the
/// process exits; each test class then asks it for its own empty database:
/// <code>
/// public sealed class TenantStoreTests : IAsyncLifetime
/// {
///     private string _connectionString = "";
///
///     public async Task InitializeAsync()
///     {
///         var server = await PostgresServer.GetAsync();
///         _connectionString = await server.CreateDatabaseAsync(); // fresh, empty, only this class uses it
///     }
///
///     public Task DisposeAsync() => Task.CompletedTask;
///
///     [Fact]
///     public async Task Select_one()
///     {
///         await using var connection = new NpgsqlConnection(_connectionString);
///         await connection.OpenAsync();
///         await using var command = new NpgsqlCommand("select 1", connection);
///         Assert.Equal(1, (int)(await command.ExecuteScalarAsync())!);
///     }
/// }
/// </code>
/// The same thing as a class fixture: <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable, IDisposable
{
    /// <summary>Connection string of an existing server to use instead of starting one.</summary>
    public const string ConnectionStringVariable = "PROVISIONING_TEST_POSTGRES";

    /// <summary>Optional: <c>docker</c> or <c>local</c> to skip the detection of the other.</summary>
    public const string StrategyVariable = "PROVISIONING_TEST_POSTGRES_STRATEGY";

    /// <summary>The image Testcontainers starts.</summary>
    public const string ContainerImage = "postgres:15-alpine";

    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static volatile PostgresServer? _shared;

    private readonly PostgreSqlContainer? _container;
    private readonly LocalPostgresCluster? _cluster;
    private readonly List<string> _createdDatabases = [];
    private readonly object _gate = new();
    private readonly bool _isShared;
    private int _disposed;

    private PostgresServer(
        PostgresStrategy strategy,
        string connectionString,
        PostgreSqlContainer? container,
        LocalPostgresCluster? cluster,
        bool isShared)
    {
        Strategy = strategy;
        ConnectionString = connectionString;
        _container = container;
        _cluster = cluster;
        _isShared = isShared;
    }

    /// <summary>Which way the server was obtained.</summary>
    public PostgresStrategy Strategy { get; }

    /// <summary>Server-level connection string (maintenance database, superuser); do not create tables here.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// The process-wide shared server: started on first call, reused by every later caller, stopped at process exit.
    /// Disposing it is a no-op.
    /// </summary>
    public static async Task<PostgresServer> GetAsync(CancellationToken cancellationToken = default)
    {
        var shared = _shared;
        if (shared is not null)
            return shared;

        await SharedLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                var server = await StartAsync(isShared: true, cancellationToken).ConfigureAwait(false);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Shutdown();
                _shared = server;
            }

            return _shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary>A dedicated server that the caller owns and must dispose (prefer <see cref="GetAsync"/>).</summary>
    public static Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken = default) =>
        StartAsync(isShared: false, cancellationToken);

    /// <summary>
    /// Creates a fresh, empty database and returns its connection string.
    /// </summary>
    /// <param name="name">Database name (letters, digits, underscores); a unique <c>test_…</c> name when null.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        name ??= "test_" + Guid.NewGuid().ToString("N");
        ValidateName(name);

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
            _createdDatabases.Add(name);

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections first.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
            _createdDatabases.Remove(name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_isShared)
            return;
        await Task.Run(Shutdown).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_isShared)
            return;
        Shutdown();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    /// <summary>
    /// A separate throwaway cluster from the local binaries, whatever the environment offers otherwise: the one
    /// kind of server a test can stop and start again (<see cref="StopAsync"/>, <see cref="StartAgainAsync"/>).
    /// </summary>
    public static async Task<PostgresServer> StartLocalClusterAsync(CancellationToken cancellationToken = default)
    {
        var cluster = await LocalPostgresCluster.StartAsync(Log, cancellationToken).ConfigureAwait(false);
        return new PostgresServer(PostgresStrategy.LocalCluster, cluster.ConnectionString, null, cluster, isShared: false);
    }

    /// <summary>Stops the server (local clusters only), keeping its data: an outage.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        (_cluster ?? throw new NotSupportedException("Only a local cluster can be stopped and started again.")).StopAsync(cancellationToken);

    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        (_cluster ?? throw new NotSupportedException("Only a local cluster can be stopped and started again.")).StartAgainAsync(cancellationToken);

    public override string ToString() => $"PostgreSQL ({Strategy}) {Redact(ConnectionString)}";

    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;

        NpgsqlConnection.ClearAllPools();
        try
        {
            switch (Strategy)
            {
                case PostgresStrategy.LocalCluster:
                    _cluster!.Dispose();
                    break;
                case PostgresStrategy.Testcontainers:
                    // Ryuk removes the container as well if this never runs.
                    _container!.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
                    break;
                case PostgresStrategy.EnvironmentVariable:
                    DropCreatedDatabases();
                    break;
            }
        }
        catch (Exception ex)
        {
            Log($"stopping failed: {ex.Message}");
        }
    }

    private void DropCreatedDatabases()
    {
        string[] names;
        lock (_gate)
            names = [.. _createdDatabases];
        if (names.Length == 0)
            return;

        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        foreach (var name in names)
        {
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
    }

    private static async Task<PostgresServer> StartAsync(bool isShared, CancellationToken cancellationToken)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var builder = new NpgsqlConnectionStringBuilder(fromEnvironment);
            if (string.IsNullOrEmpty(builder.Database))
                builder.Database = "postgres";
            var server = new PostgresServer(PostgresStrategy.EnvironmentVariable, builder.ConnectionString, null, null, isShared);
            Log($"using {ConnectionStringVariable}: {Redact(builder.ConnectionString)}");
            return server;
        }

        var forced = Environment.GetEnvironmentVariable(StrategyVariable)?.Trim().ToLowerInvariant();
        if (forced is null or "" or "docker")
        {
            var probe = await DockerProbe.PingAsync(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            if (probe.Available)
            {
                Log($"Docker engine answered at {probe.Endpoint}; starting {ContainerImage} with Testcontainers");
                try
                {
                    return await StartContainerAsync(isShared, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (forced == "docker")
                        throw;
                    Log($"Testcontainers failed ({ex.GetType().Name}: {ex.Message}); falling back to a local cluster");
                }
            }
            else if (forced == "docker")
            {
                throw new InvalidOperationException($"{StrategyVariable}=docker but no Docker engine answered: {probe.Reason}");
            }
            else
            {
                Log($"no Docker engine ({probe.Reason}); using a local cluster");
            }
        }

        var cluster = await LocalPostgresCluster.StartAsync(Log, cancellationToken).ConfigureAwait(false);
        Log($"local cluster {cluster.Version} running on 127.0.0.1:{cluster.Port} (data in {cluster.RootDirectory})");
        return new PostgresServer(PostgresStrategy.LocalCluster, cluster.ConnectionString, null, cluster, isShared);
    }

    private static async Task<PostgresServer> StartContainerAsync(bool isShared, CancellationToken cancellationToken)
    {
        var container = new PostgreSqlBuilder(ContainerImage)
            .WithDatabase("postgres")
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=600")
            .Build();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await container.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var builder = new NpgsqlConnectionStringBuilder(container.GetConnectionString())
        {
            Database = "postgres",
            IncludeErrorDetail = true,
        };
        return new PostgresServer(PostgresStrategy.Testcontainers, builder.ConnectionString, container, null, isShared);
    }

    private static void ValidateName(string name)
    {
        if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
            throw new ArgumentException($"'{name}' is not a valid test database name (letters, digits, underscores; at most 63).", nameof(name));
    }

    private static string Redact(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
            builder.Password = "***";
        return builder.ConnectionString;
    }

    internal static void Log(string message) => Console.Error.WriteLine($"[PostgresServer] {message}");
}
