namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants:retry</c>: which Failed tenants to retry.</summary>
public sealed record BulkRetryRequest(string? AccountSid, string? Reason, int? Limit);
