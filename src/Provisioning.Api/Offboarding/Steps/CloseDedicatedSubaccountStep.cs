using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// A dedicated tenant's subaccount was made for it alone and is closed with it (A4, final), now that Twilio holds none
/// of its stores or configuration; that takes it out of the pool. Nothing else is ever placed there, so the close
/// needs no slot lock. The decision is saved before the call, and a rerun after a crash closes it again or finds it
/// closed at Twilio.
/// </summary>
public sealed partial class CloseDedicatedSubaccountStep(
    PoolCapacity poolCapacity,
    SubaccountClosure subaccountClosure,
    TimeProvider time,
    ILogger<CloseDedicatedSubaccountStep> logger)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        if (await poolCapacity.DedicatedAccountOf(tenant.Id).SingleOrDefaultAsync(cancellationToken) is not { } account) return StepOutcome.Continue;
        if (account.CloseRequestedAt is null)
        {
            account.RequestClose(time.GetUtcNow());
            await run.SaveAsync();
        }
        try
        {
            await subaccountClosure.CloseSubaccountAsync(account, cancellationToken);
        }
        catch (TwilioApiException e)
        {
            return StepOutcome.RetryLater($"Twilio refused to close the tenant's dedicated subaccount {account.Sid} ({e.Message}); trying again.");
        }
        await run.SaveAsync();
        await subaccountClosure.RecordClosedAsync(account, cancellationToken);
        LogDedicatedSubaccountClosed(logger, account.Sid, tenant.ClientId);
        return StepOutcome.Continue;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dedicated subaccount {AccountSid} of tenant {ClientId} is closed and leaves the pool")]
    private static partial void LogDedicatedSubaccountClosed(ILogger logger, string accountSid, string clientId);
}
