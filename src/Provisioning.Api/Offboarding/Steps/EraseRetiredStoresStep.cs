using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// Every store the tenant ever had (current, recreated away and kept, renamed, in any account) is deleted (M5), each
/// slot freed once its store is gone. Each is tried once per run, so one refusal does not keep the others; a refusal
/// is retried like any failure, and the tenant is Deleted only once Twilio holds none of them.
/// </summary>
public sealed class EraseRetiredStoresStep(StoreDeletion storeDeletion)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var refusals = new List<string>();
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsAtTwilio).ToList())
        {
            var credentials = await run.CredentialsAsync(retired.AccountSid, cancellationToken);
            if (await storeDeletion.DeleteRetiredStoreAsync(tenant.Erasure, retired, credentials, cancellationToken) is { } refusal) refusals.Add(refusal);
        }
        if (refusals.Count == 0) return StepOutcome.Continue;
        return StepOutcome.RetryLater(
            $"Twilio still holds stores of this tenant and refused to delete them ({string.Join("; ", refusals)}); trying again. "
            + $"If Twilio cannot delete them, an admin can end the erasure with POST /v1/tenants/{tenant.ClientId}/erasure:accept-residual.");
    }
}
