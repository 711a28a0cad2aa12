using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>How a caller asks <see cref="Tenant"/> for each <see cref="TenantOperation"/>: the method behind each row of the table.</summary>
internal static class TenantOperationCalls
{
    public static readonly IReadOnlyDictionary<TenantOperation, Action<Tenant>> All = new Dictionary<TenantOperation, Action<Tenant>>
    {
        [TenantOperation.BeginOnboardingRun] = t => t.BeginOnboardingRun(),
        [TenantOperation.WaitForCapacity] = t => t.WaitForCapacity("no room"),
        [TenantOperation.MarkReady] = t => t.MarkReady(TenantBuilder.Now),
        [TenantOperation.MarkFailed] = t => t.MarkFailed("refused"),
        [TenantOperation.Retry] = t => t.Retry("try again"),
        [TenantOperation.RequestRepair] = t => t.RequestRepair("store lost"),
        [TenantOperation.RequestRecreate] = t => t.RequestRecreate("fresh start", deleteOldStore: true, TenantBuilder.Now),
        [TenantOperation.ChangeSettings] = t => t.ChangeSettings("Acme Inc", t.CallbackUrl, t.Orchestrator, t.Isolation),
        [TenantOperation.AuthorizeAccessToken] = t => t.AuthorizeAccessToken(),
        [TenantOperation.Offboard] = t => t.RequestDeletion(immediate: false, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now),
        [TenantOperation.OffboardNow] = t => t.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now),
        [TenantOperation.ReleaseFailedSlot] = t => t.ReleaseFailedSlot("failed too long", TenantBuilder.Now),
        [TenantOperation.OffboardAfterFailedRetention] = t => t.OffboardAfterFailedRetention("failed too long", TenantBuilder.Now),
        [TenantOperation.CancelDeletion] = t => t.CancelDeletion("changed their mind"),
        [TenantOperation.BeginDeprovisioning] = t => t.BeginDeprovisioning(TenantBuilder.Now + TenantBuilder.GracePeriod),
        [TenantOperation.MarkDeleted] = t => t.MarkDeleted(note: null, TenantBuilder.Now),
        [TenantOperation.AcceptResidualErasure] = t => t.AcceptResidualErasure("Twilio refuses", TenantBuilder.Now),
    };
}
