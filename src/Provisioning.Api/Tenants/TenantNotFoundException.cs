using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

public sealed class TenantNotFoundException(string clientId)
    : NotFoundException($"No tenant with clientId '{(clientId.Length <= 64 ? clientId : clientId[..64] + "…")}'.");
