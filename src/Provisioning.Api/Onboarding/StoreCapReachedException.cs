using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>The tenant's account turned out to be at the store cap; the tenant has been unassigned from it.</summary>
public sealed class StoreCapReachedException(string twilioError)
    : ProvisioningStepException($"The account was at its store cap ({twilioError}); the tenant moves to another account.", transient: true);
