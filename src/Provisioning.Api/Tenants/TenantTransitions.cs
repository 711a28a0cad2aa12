using System.Text;
using static Provisioning.Api.Tenants.TenantOperation;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The tenant's lifecycle as data: every operation, the statuses it is allowed from, where it leads, and the
/// conditions it needs. <see cref="Tenant"/> asks this table before each change (and answers the console's "may I?"
/// from it without trying); the unit tests walk it exhaustively, and the state diagram in docs/architecture.md is
/// rendered from it (<see cref="ToMermaid"/>). A status an operation has no row for is refused with the operation's
/// <see cref="StatusRules">rule</see>.
/// </summary>
public static class TenantTransitions
{
    private const string OnboardingRule = "only the onboarding saga of a Provisioning tenant records onboarding progress";
    private const string OffboardingRule = "only the offboarding saga of a Deprovisioning tenant records offboarding progress";
    private const string OffboardRule = "a Ready or Failed tenant can be offboarded (a stuck deletion again with immediate=true)";

    private static readonly TenantGuard HasAccount = new("has an account", t => t.AccountSid is not null,
        "it has no account yet, so there is nothing to reprovision; retry it instead");

    private static readonly TenantGuard HasStore = new("has a store", t => t.MemoryStoreId is not null,
        "it has no store to replace; use mode \"repair\"");

    private static readonly TenantGuard StoreActiveAndReferenced = new("store ACTIVE, configuration references it",
        t => t.MemoryStoreId is not null && t.StoreProgress.ActiveAt is not null && t.OrchestratorConfigurationId is not null
             && t.ConfigurationProgress.OperationId is null && t.ConfigurationProgress.ConfiguredStoreId == t.MemoryStoreId,
        "cannot be Ready: its store is not ACTIVE or its configuration does not reference it", IsInvariant: true);

    // A Ready tenant whose new settings the saga could not apply stops like an onboarding that could not finish.
    private static readonly TenantGuard ApplyingSettings = new("applying new settings", t => t.IsApplyingSettings, OnboardingRule);

    private static readonly TenantGuard NothingOnTwilioToRelease = new("past the retention, Twilio holds nothing of it",
        t => t.ActionAfterFailedRetention == FailedRetentionAction.ReleaseSlot,
        "it holds no slot, or Twilio holds resources of it that the slot stands for");

    private static readonly TenantGuard NeverReadyWithKnownResources = new("past the retention, never Ready",
        t => t.ActionAfterFailedRetention == FailedRetentionAction.Offboard,
        "it was Ready once (its store may hold its client's data), holds nothing to erase, or has a Twilio request whose outcome is unknown; an admin decides");

    private static readonly TenantGuard WasReady = new("was Ready", t => t.StatusBeforeDeletion is null or TenantStatus.Ready, "it was not Ready before");

    private static readonly TenantGuard WasFailed = new("was Failed", t => t.StatusBeforeDeletion is TenantStatus.Failed, "it was not Failed before");

    private const string TwilioHoldsSomething = "cannot be Deleted while Twilio still holds a store or a configuration of it";

    private static readonly TenantGuard TwilioHoldsNothing = new("Twilio holds nothing of it",
        t => t.MemoryStoreId is null && t.OrchestratorConfigurationId is null && !t.RetiredStores.Any(r => r.IsAtTwilio),
        TwilioHoldsSomething, IsInvariant: true);

    private static readonly TenantGuard RefusedResourcesRemain = new("Twilio refuses to delete what remains",
        t => t.RetiredStores.Any(r => r.IsAtTwilio) || t.OrchestratorConfigurationId is not null,
        "Twilio holds nothing of it that offboarding could not delete; it finishes by itself");

    // The residual is what the retired stores and the configuration hold; a current store must have been retired first.
    private static readonly TenantGuard CurrentStoreRetired = new("current store retired", t => t.MemoryStoreId is null,
        TwilioHoldsSomething, IsInvariant: true);

    /// <summary>Every allowed transition, in the order the state diagram draws them.</summary>
    public static readonly IReadOnlyList<TenantTransition> Rows =
    [
        Row(BeginOnboardingRun, TenantStatus.Pending, TenantStatus.Provisioning, "onboarding run starts"),
        Row(WaitForCapacity, TenantStatus.Provisioning, TenantStatus.Pending, "no account has room"),
        Row(MarkReady, TenantStatus.Provisioning, TenantStatus.Ready, null, StoreActiveAndReferenced),
        Row(MarkFailed, TenantStatus.Provisioning, TenantStatus.Failed, "refused, or retry budget spent"),
        Row(MarkFailed, TenantStatus.Ready, TenantStatus.Failed, null, ApplyingSettings),
        Row(ChangeSettings, TenantStatus.Provisioning, TenantStatus.Provisioning, "a new settings revision"),
        Row(ChangeSettings, TenantStatus.Ready, TenantStatus.Ready, "a new settings revision, applied in place"),
        Row(AuthorizeAccessToken, TenantStatus.Ready, TenantStatus.Ready, "memory access tokens"),
        Row(Retry, TenantStatus.Failed, TenantStatus.Provisioning, "one or in bulk"),
        Row(RequestRepair, TenantStatus.Ready, TenantStatus.Provisioning, null, HasAccount),
        Row(RequestRepair, TenantStatus.Failed, TenantStatus.Provisioning, null, HasAccount),
        Row(RequestRecreate, TenantStatus.Ready, TenantStatus.Provisioning, null, HasAccount, HasStore),
        Row(RequestRecreate, TenantStatus.Failed, TenantStatus.Provisioning, null, HasAccount, HasStore),
        Row(Offboard, TenantStatus.Ready, TenantStatus.PendingDeletion, "grace period"),
        Row(Offboard, TenantStatus.Failed, TenantStatus.PendingDeletion, "grace period"),
        Row(OffboardNow, TenantStatus.Ready, TenantStatus.PendingDeletion, "due at once"),
        Row(OffboardNow, TenantStatus.Failed, TenantStatus.PendingDeletion, "due at once"),
        Row(ReleaseFailedSlot, TenantStatus.Failed, TenantStatus.Failed, null, NothingOnTwilioToRelease),
        Row(OffboardAfterFailedRetention, TenantStatus.Failed, TenantStatus.PendingDeletion, null, NeverReadyWithKnownResources),
        Row(CancelDeletion, TenantStatus.PendingDeletion, TenantStatus.Ready, null, WasReady),
        Row(CancelDeletion, TenantStatus.PendingDeletion, TenantStatus.Failed, null, WasFailed),
        Row(BeginDeprovisioning, TenantStatus.PendingDeletion, TenantStatus.Deprovisioning, "offboarding run starts, once due"),
        Row(OffboardNow, TenantStatus.Deprovisioning, TenantStatus.Deprovisioning, "retries a stuck deletion"),
        Row(MarkDeleted, TenantStatus.Deprovisioning, TenantStatus.Deleted, null, TwilioHoldsNothing),
        Row(AcceptResidualErasure, TenantStatus.Deprovisioning, TenantStatus.Deleted, "by an admin", RefusedResourcesRemain, CurrentStoreRetired),
    ];

    /// <summary>What each operation's refusal says in a status it has no row for.</summary>
    public static readonly IReadOnlyDictionary<TenantOperation, string> StatusRules = new Dictionary<TenantOperation, string>
    {
        [BeginOnboardingRun] = "onboarding has nothing to start",
        [WaitForCapacity] = OnboardingRule,
        [MarkReady] = OnboardingRule,
        [MarkFailed] = OnboardingRule,
        [Retry] = "only a Failed tenant can be retried",
        [RequestRepair] = "only a Ready or Failed tenant can be reprovisioned",
        [RequestRecreate] = "only a Ready or Failed tenant can be reprovisioned",
        [ChangeSettings] = "only a Ready or Provisioning tenant's settings can change",
        [AuthorizeAccessToken] = "access tokens are made only for a Ready tenant",
        [Offboard] = OffboardRule,
        [OffboardNow] = OffboardRule,
        [ReleaseFailedSlot] = "only a Failed tenant gives its slot back after the failed retention",
        [OffboardAfterFailedRetention] = "only a Failed tenant is offboarded after the failed retention",
        [CancelDeletion] = "only a deletion that is still pending can be cancelled",
        [BeginDeprovisioning] = "offboarding has nothing to start",
        [MarkDeleted] = OffboardingRule,
        [AcceptResidualErasure] = "only a tenant whose erasure is under way (Deprovisioning) can end it with a residual",
    };

    /// <summary>
    /// The sagas' own starts: where the table has no row they answer "nothing to do" instead of refusing, because
    /// a stray or duplicate run is normal under at-least-once delivery.
    /// </summary>
    public static readonly IReadOnlySet<TenantOperation> SagaStarts = new HashSet<TenantOperation> { BeginOnboardingRun, BeginDeprovisioning };

    /// <summary>
    /// The first row from the tenant's status whose guards all hold; else the refusal: the status rule when the
    /// status has no row, otherwise the first guard that does not hold.
    /// </summary>
    public static TenantTransitionDecision Decide(Tenant tenant, TenantOperation operation)
    {
        TenantGuard? unmet = null;
        foreach (var row in Rows.Where(r => r.Operation == operation && r.From == tenant.Status))
        {
            var failed = row.Guards.FirstOrDefault(g => !g.Holds(tenant));
            if (failed is null) return new TenantTransitionDecision(row, null, null, BreaksInvariant: false);
            unmet ??= failed;
        }
        if (unmet is { IsInvariant: true })
            return new TenantTransitionDecision(null, $"Tenant '{tenant.ClientId}' {unmet.Refusal}.", unmet.Refusal, BreaksInvariant: true);
        var rule = unmet?.Refusal ?? StatusRules[operation];
        return new TenantTransitionDecision(null, TenantTransitionRefusedException.MessageFor(tenant.ClientId, tenant.Status, rule), rule, BreaksInvariant: false);
    }

    /// <summary>The state diagram, as docs/architecture.md shows it (a unit test keeps the two the same).</summary>
    public static string ToMermaid()
    {
        var diagram = new StringBuilder().Append("```mermaid\nstateDiagram-v2\n");
        diagram.Append("    [*] --> Pending: signup (Created)\n");
        foreach (var row in Rows) diagram.Append($"    {row.From} --> {row.To}: {row.Label}\n");
        return diagram.Append("    Deleted --> [*]\n```\n").ToString();
    }

    private static TenantTransition Row(TenantOperation operation, TenantStatus from, TenantStatus to, string? note, params TenantGuard[] guards) =>
        new(operation, from, to, note, guards);
}
