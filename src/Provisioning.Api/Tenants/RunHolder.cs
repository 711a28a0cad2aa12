namespace Provisioning.Api.Tenants;

/// <summary>
/// This process as the holder of tenant runs: a name unique to this start of the process (a restarted process is a new
/// holder, so it never mistakes the leases of its previous life for live ones).
/// </summary>
public sealed class RunHolder
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
