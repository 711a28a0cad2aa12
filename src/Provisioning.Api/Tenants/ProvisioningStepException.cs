namespace Provisioning.Api.Tenants;

/// <summary>
/// A step of a tenant's onboarding or offboarding that could not complete; <see cref="Transient"/> says whether
/// a later attempt may.
/// </summary>
public class ProvisioningStepException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}
