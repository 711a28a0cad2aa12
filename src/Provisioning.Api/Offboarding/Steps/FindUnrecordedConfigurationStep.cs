using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// A configuration create sent without its outcome recorded may have left a configuration the tenant has no id for:
/// looked up by name (listed by the tenant's store) once Twilio's reads have caught up with the create.
/// </summary>
public sealed class FindUnrecordedConfigurationStep(TenantResourceLookup lookup, TimeProvider time, IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var visibleBy = (tenant.ConfigurationProgress.RequestedAt ?? time.GetUtcNow()) + twilioOptions.Value.ConsistencyWindow;
        if (visibleBy > time.GetUtcNow()) await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
        tenant.Erasure.RecordConfigurationFound((await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken))?.Id);
        return StepOutcome.Continue;
    }
}
