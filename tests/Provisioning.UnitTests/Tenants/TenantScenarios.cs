using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>
/// Tenants the transition table is walked against: one per status (<see cref="TenantBuilder.InStatus"/>), and the
/// states that decide the guards the other way (no store, nothing left at Twilio, a refused delete, ...).
/// </summary>
internal static class TenantScenarios
{
    public static readonly IReadOnlyDictionary<string, Func<Tenant>> All = Build();

    private static Dictionary<string, Func<Tenant>> Build()
    {
        var scenarios = Enum.GetValues<TenantStatus>().ToDictionary(s => s.ToString(), s => (Func<Tenant>)(() => TenantBuilder.InStatus(s)));
        scenarios["Failed, never placed"] = () => Cleared(Failed(TenantBuilder.New(), placed: false));
        scenarios["Failed without a store"] = () => Cleared(Failed(TenantBuilder.Placed(), placed: true));
        scenarios["Failed, nothing at Twilio"] = () =>
        {
            var tenant = TenantBuilder.Placed();
            tenant.Onboarding.RecordStoreCreateRequested(TenantBuilder.Now);
            tenant.Onboarding.RecordStoreCreateRefused();
            tenant.MarkFailed("store create refused");
            return Cleared(tenant);
        };
        scenarios["PendingDeletion from Failed"] = () =>
        {
            var tenant = TenantBuilder.InStatus(TenantStatus.Failed);
            tenant.RequestDeletion(immediate: false, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now);
            return Cleared(tenant);
        };
        scenarios["Ready, applying new settings"] = () =>
        {
            var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
            tenant.ChangeSettings("Acme Inc", null, OrchestratorSettings.Default, TenantIsolation.Pooled);
            return Cleared(tenant);
        };
        scenarios["Deprovisioning, everything erased"] = () =>
        {
            var tenant = Erasing();
            foreach (var retired in tenant.RetiredStores) tenant.Erasure.RecordRetiredStoreDeleted(retired, TenantBuilder.Now);
            return Cleared(tenant);
        };
        scenarios["Deprovisioning, a store Twilio will not delete"] = () =>
        {
            var tenant = Erasing();
            tenant.Erasure.RecordRetiredStoreDeleteRefused(tenant.RetiredStores[0], "403 beta");
            return Cleared(tenant);
        };
        return scenarios;
    }

    private static Tenant Failed(Tenant tenant, bool placed)
    {
        if (!placed) tenant.BeginOnboardingRun();
        tenant.MarkFailed("gave up");
        return tenant;
    }

    /// <summary>Deprovisioning with the configuration deleted and the store retired, not yet deleted.</summary>
    private static Tenant Erasing()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        tenant.Erasure.RetireStore(TenantBuilder.Now);
        return tenant;
    }

    private static Tenant Cleared(Tenant tenant)
    {
        tenant.ClearLifecycleEvents();
        return tenant;
    }
}
