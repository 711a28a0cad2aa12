using Provisioning.Api.Tenants;

namespace Provisioning.Api.Reconciliation;

/// <summary>
/// One account's part of a reconciliation run: the findings so far, what policy says to do about each, and the
/// tenant repairs to request once every check has run.
/// </summary>
internal sealed class AccountCheck(Guid runId, string accountSid, bool createdByThisDeployment, bool dryRun, DateTimeOffset now, ReconciliationOptions options)
{
    public string AccountSid => accountSid;
    public Guid RunId => runId;
    public bool DryRun => dryRun;
    public DateTimeOffset Now => now;
    public List<ReconciliationFinding> Findings { get; } = [];

    /// <summary>Tenants to repair, with the store each is to adopt (null: repair what is there) and the findings that asked for it.</summary>
    public Dictionary<Guid, (StoreAdoption? Adoption, List<ReconciliationFinding> Findings)> Repairs { get; } = [];

    public ReconciliationFinding Add(FindingKind kind, string? storeId, string? configurationId, string? clientId, string detail)
    {
        var finding = new ReconciliationFinding(runId, kind, accountSid, storeId, configurationId, clientId, detail, now);
        Findings.Add(finding);
        return finding;
    }

    /// <summary>
    /// The policy for a kind of finding here. Orphans are adopted or deleted only in subaccounts this deployment
    /// created: in the parent (or any account it did not make), another deployment sharing it may own them.
    /// </summary>
    public FindingPolicy PolicyFor(FindingKind kind) =>
        kind == FindingKind.OrphanStore && !createdByThisDeployment ? options.ParentOrphanPolicy : options.PolicyFor(kind);

    /// <summary>Whether to act on a finding of this kind now (policy Repair, not a dry run); sets what the finding says was (or would be) done.</summary>
    public bool ShouldRepair(ReconciliationFinding finding, string action)
    {
        var policy = PolicyFor(finding.Kind);
        if (dryRun)
        {
            finding.Action = $"none (dry run; policy {policy})";
            return false;
        }
        if (policy != FindingPolicy.Repair) return false;
        finding.Action = action;
        return true;
    }

    public void RequestRepair(Guid tenantId, ReconciliationFinding finding, StoreAdoption? adoption = null)
    {
        if (!Repairs.TryGetValue(tenantId, out var repair)) repair = (null, []);
        repair.Findings.Add(finding);
        Repairs[tenantId] = (adoption ?? repair.Adoption, repair.Findings);
    }
}
