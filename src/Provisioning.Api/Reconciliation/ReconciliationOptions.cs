using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Reconciliation;

public sealed class ReconciliationOptions : IValidatableObject
{
    public const string SectionName = "Reconciliation";

    /// <summary>When the nightly run starts (cron, UTC).</summary>
    [Required]
    public string Cron { get; set; } = "0 3 * * *";

    /// <summary>Accounts checked at once; each account's calls are sequential.</summary>
    [Range(1, 64)]
    public int MaxConcurrentAccounts { get; set; } = 8;

    /// <summary>Also fetch the stores the service knows, to find StoreNotActive (one call per store).</summary>
    public bool VerifyKnownStores { get; set; }

    /// <summary>A Running run without a heartbeat for this long is taken as dead, and a new run may start.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>What to do per kind of finding (Report, Repair, Adopt, Delete). Missing kinds use the defaults.</summary>
    public Dictionary<FindingKind, FindingPolicy> Policies { get; set; } = [];

    /// <summary>
    /// What to do with orphans in the parent account (and any account this deployment did not create): Report by
    /// default, since several deployments (staging and production, say) may share a parent and own each other's
    /// <c>client-*</c> stores. Adopt or Delete only when this deployment is the parent's only user.
    /// </summary>
    public FindingPolicy ParentOrphanPolicy { get; set; } = FindingPolicy.Report;

    public FindingPolicy PolicyFor(FindingKind kind) => Policies.TryGetValue(kind, out var policy) ? policy : DefaultPolicy(kind);

    private static FindingPolicy DefaultPolicy(FindingKind kind) => kind switch
    {
        FindingKind.MissingStore or FindingKind.MissingConfiguration or FindingKind.ConfigurationLinkMismatch or FindingKind.ConfigurationDrift => FindingPolicy.Repair,
        FindingKind.ForeignStore or FindingKind.CapacityMismatch or FindingKind.AccountSuspended => FindingPolicy.Repair,
        FindingKind.OrphanStore => FindingPolicy.Adopt,
        _ => FindingPolicy.Report,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (kind, policy) in Policies)
        {
            if (policy is FindingPolicy.Adopt or FindingPolicy.Delete && kind != FindingKind.OrphanStore)
                yield return new ValidationResult($"Reconciliation:Policies:{kind} cannot be {policy}: only OrphanStore can be adopted or deleted.");
        }
        if (ParentOrphanPolicy == FindingPolicy.Repair)
            yield return new ValidationResult("Reconciliation:ParentOrphanPolicy must be Report, Adopt or Delete.");
    }
}
