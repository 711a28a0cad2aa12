namespace Provisioning.Api.Tenants;

/// <summary>
/// Every lifecycle change a <see cref="Tenant"/> may be asked for. Which status allows which, and on what condition,
/// is data: <see cref="TenantTransitions"/>.
/// </summary>
public enum TenantOperation
{
    BeginOnboardingRun,
    WaitForCapacity,
    MarkReady,
    MarkFailed,
    Retry,
    RequestRepair,
    RequestRecreate,
    ChangeSettings,
    AuthorizeAccessToken,
    Offboard,
    OffboardNow,
    ReleaseFailedSlot,
    OffboardAfterFailedRetention,
    CancelDeletion,
    BeginDeprovisioning,
    MarkDeleted,
    AcceptResidualErasure,
}
