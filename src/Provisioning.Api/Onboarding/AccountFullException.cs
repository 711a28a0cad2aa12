using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>The tenant's account turned out to be at its store or configuration cap; the tenant has left it and is placed again.</summary>
public sealed class AccountFullException(string resource, string twilioError)
    : ProvisioningStepException($"The account was at its {resource} cap ({twilioError}); the tenant moves to another account.", transient: true);
