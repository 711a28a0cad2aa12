
namespace Provisioning.Api.Tenants;

/// <summary>
/// One item of a batch signup, as its own <c>POST /v1/tenants</c> would have answered: 202 with the new tenant,
/// 200 with the existing one (the same signup again), 409, 400 or 422 with a problem (<c>errors</c> names the fields at
/// fault of a 400, and of a 422: <c>dataClassification</c> for regulated data, <c>blueprint</c> for a blueprint there is
/// not; it is empty on a 409).
/// </summary>
public sealed record BatchSignupResult(int Index, string? ClientId, int Status, TenantResponse? Tenant, HttpValidationProblemDetails? Problem);
