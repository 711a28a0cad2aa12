using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>Tenants in each status, reached the only way the aggregate allows: through its own transitions.</summary>
internal static class TenantBuilder
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string StoreId = "mem_store_00000000000000000000000001";
    public const string ConfigurationId = "conv_configuration_0000000000000001";
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(7);

    public static Tenant New(string clientId = "acme", TenantIsolation isolation = TenantIsolation.Pooled, TenantBlueprint? blueprint = null) =>
        new(clientId, "Acme", OrchestratorSettings.Default, callbackUrl: null, isolation, Now, blueprint);

    /// <summary>Provisioning with a slot in <see cref="AccountSid"/>, before any Twilio call.</summary>
    public static Tenant Placed(TenantBlueprint? blueprint = null)
    {
        var tenant = New(blueprint: blueprint);
        tenant.BeginOnboardingRun();
        tenant.Onboarding.AssignAccount(AccountSid);
        return tenant;
    }

    public static Tenant InStatus(TenantStatus status)
    {
        var tenant = New();
        switch (status)
        {
            case TenantStatus.Pending:
                break;
            case TenantStatus.Provisioning:
                ProvisionedUpToReady(tenant);
                break;
            case TenantStatus.Ready:
                ProvisionedUpToReady(tenant);
                tenant.MarkReady(Now);
                break;
            case TenantStatus.Failed:
                ProvisionedUpToReady(tenant);
                tenant.MarkFailed("Twilio said no.");
                break;
            case TenantStatus.PendingDeletion:
                InReady(tenant).RequestDeletion(immediate: false, GracePeriod, "churned", Now);
                break;
            case TenantStatus.Deprovisioning:
                InDeprovisioning(tenant);
                break;
            case TenantStatus.Deleted:
                InDeprovisioning(tenant);
                tenant.Erasure.RecordConfigurationDeleted(Now);
                tenant.Erasure.RetireStore(Now);
                foreach (var retired in tenant.RetiredStores) tenant.Erasure.RecordRetiredStoreDeleted(retired, Now);
                tenant.MarkDeleted(note: null, Now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
        tenant.ClearLifecycleEvents();
        return tenant;
    }

    /// <summary>Provisioning, with every step the saga takes done: the next transition may be Ready.</summary>
    private static void ProvisionedUpToReady(Tenant tenant)
    {
        tenant.BeginOnboardingRun();
        tenant.Onboarding.AssignAccount(AccountSid);
        tenant.Onboarding.RecordStoreCreateRequested(Now);
        tenant.Onboarding.RecordStoreOperation("op-store");
        tenant.Onboarding.RecordStore(StoreId);
        tenant.Onboarding.RecordStoreActive(Now);
        tenant.Onboarding.RecordConfigurationRequested(Guid.NewGuid(), Now);
        tenant.Onboarding.RecordConfiguration(ConfigurationId, "op-configuration", tenant.SettingsRevision, tenant.Orchestrator);
        tenant.Onboarding.RecordConfigurationCreated(ConfigurationId);
    }

    private static Tenant InReady(Tenant tenant)
    {
        ProvisionedUpToReady(tenant);
        tenant.MarkReady(Now);
        return tenant;
    }

    private static void InDeprovisioning(Tenant tenant)
    {
        InReady(tenant).RequestDeletion(immediate: true, GracePeriod, "churned", Now);
        tenant.BeginDeprovisioning(Now);
    }
}
