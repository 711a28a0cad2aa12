namespace Provisioning.Api.Tenants;

/// <summary>Minutes; both optional, each at least 1.</summary>
public sealed record StatusTimeoutsRequest(int? Inactive, int? Closed);
