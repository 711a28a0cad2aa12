using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>A signup that declares HIPAA or PCI data (P25): well-formed, but not something the service may provision (422, with why).</summary>
public sealed class RegulatedDataRefusedException(string message) : UnprocessableException(DataClassifications.Field, message)
{
    public override string Title => "Regulated data cannot be provisioned";
}
