using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>One lifecycle operation that callers of <see cref="Tenant"/> can ask for, by name (for test output).</summary>
public sealed record TenantOperation(string Name, Action<Tenant> Apply)
{
    public override string ToString() => Name;

    public static readonly TenantOperation BeginOnboardingRun = new(nameof(BeginOnboardingRun), t => t.BeginOnboardingRun());
    public static readonly TenantOperation WaitForCapacity = new(nameof(WaitForCapacity), t => t.WaitForCapacity("no room"));
    public static readonly TenantOperation MarkReady = new(nameof(MarkReady), t => t.MarkReady(TenantBuilder.Now));
    public static readonly TenantOperation MarkFailed = new(nameof(MarkFailed), t => t.MarkFailed("refused"));
    public static readonly TenantOperation Retry = new(nameof(Retry), t => t.Retry("try again"));
    public static readonly TenantOperation RequestRepair = new(nameof(RequestRepair), t => t.RequestRepair("store lost"));
    public static readonly TenantOperation RequestRecreate = new(nameof(RequestRecreate), t => t.RequestRecreate("fresh start", deleteOldStore: true, TenantBuilder.Now));
    public static readonly TenantOperation Offboard = new(nameof(Offboard), t => t.RequestDeletion(immediate: false, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now));
    public static readonly TenantOperation OffboardNow = new(nameof(OffboardNow), t => t.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now));
    public static readonly TenantOperation CancelDeletion = new(nameof(CancelDeletion), t => t.CancelDeletion("changed their mind"));
    public static readonly TenantOperation BeginDeprovisioning = new(nameof(BeginDeprovisioning), t => t.BeginDeprovisioning(TenantBuilder.Now + TenantBuilder.GracePeriod));
    public static readonly TenantOperation MarkDeleted = new(nameof(MarkDeleted), t =>
    {
        // What the offboarding saga does before it may mark the tenant Deleted, where it is running at all.
        if (t.Status == TenantStatus.Deprovisioning)
        {
            t.RecordConfigurationDeleted(TenantBuilder.Now);
            t.RetireStoreForErasure(TenantBuilder.Now);
            t.RetiredStores.ForEach(r => r.MarkDeleted(TenantBuilder.Now));
        }
        t.MarkDeleted(note: null, TenantBuilder.Now);
    });
    public static readonly TenantOperation ReleaseFailedSlot = new(nameof(ReleaseFailedSlot), t => t.ReleaseFailedSlot("failed too long", TenantBuilder.Now));
    public static readonly TenantOperation OffboardAfterFailedRetention = new(nameof(OffboardAfterFailedRetention), t => t.OffboardAfterFailedRetention("failed too long", TenantBuilder.Now));
    public static readonly TenantOperation RepeatedSignup = new(nameof(RepeatedSignup), t => t.AcceptRepeatedSignup("Acme", OrchestratorSettings.Default, callbackUrl: null, TenantIsolation.Pooled));

    public static readonly IReadOnlyList<TenantOperation> All =
    [
        BeginOnboardingRun, WaitForCapacity, MarkReady, MarkFailed, Retry, RequestRepair, RequestRecreate,
        Offboard, OffboardNow, CancelDeletion, BeginDeprovisioning, MarkDeleted, RepeatedSignup,
        ReleaseFailedSlot, OffboardAfterFailedRetention,
    ];
}
