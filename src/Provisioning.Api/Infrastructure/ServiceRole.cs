namespace Provisioning.Api.Infrastructure;

/// <summary>
/// What one process of the service does, from <c>Service__Role</c>: the same image runs as API only (scale with
/// traffic), worker only (the Hangfire server; no public endpoints besides health), or both (the default).
/// </summary>
[Flags]
public enum ServiceRole
{
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}
