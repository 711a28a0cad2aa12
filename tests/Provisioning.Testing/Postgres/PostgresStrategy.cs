
namespace Provisioning.Testing.Postgres;

/// <summary>How a <see cref="PostgresServer"/> got hold of its PostgreSQL.</summary>
public enum PostgresStrategy
{
    /// <summary>An existing server named by the <c>PROVISIONING_TEST_POSTGRES</c> connection string.</summary>
    EnvironmentVariable,

    /// <summary>A container started with Testcontainers (a Docker engine answered).</summary>
    Testcontainers,

    /// <summary>A throwaway cluster made with the local <c>initdb</c>/<c>pg_ctl</c> binaries.</summary>
    LocalCluster,
}
