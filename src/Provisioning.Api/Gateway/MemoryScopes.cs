namespace Provisioning.Api.Gateway;

/// <summary>What a tenant access token may do with the tenant's memory.</summary>
public static class MemoryScopes
{
    /// <summary>Reads: every GET, and the POSTs that only read (Recall, Lookup).</summary>
    public const string Read = "memory:read";

    /// <summary>Everything that changes the tenant's memory.</summary>
    public const string Write = "memory:write";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Read, Write };
}
