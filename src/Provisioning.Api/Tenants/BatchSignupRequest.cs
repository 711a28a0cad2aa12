namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants:batch</c>: up to <see cref="TenantBatchSignups.MaxItems"/> signup bodies, each as for <c>POST /v1/tenants</c>.</summary>
public sealed record BatchSignupRequest(IReadOnlyList<CreateTenantRequest?>? Tenants);
