namespace Provisioning.Api.Tenants;

/// <summary>A tenant whose run this process took: the due time it took it at, and the status that says which saga runs.</summary>
public sealed record ClaimedRun(Guid TenantId, DateTimeOffset DueAt, TenantStatus Status, int Attempt);
