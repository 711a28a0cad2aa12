namespace Provisioning.Api.Tenants;

/// <summary>Optional body of <c>DELETE /v1/tenants/{clientId}</c> and <c>cancel-deletion</c>.</summary>
public sealed record ReasonRequest(string? Reason);
