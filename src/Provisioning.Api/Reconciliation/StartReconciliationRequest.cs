
namespace Provisioning.Api.Reconciliation;

public sealed record StartReconciliationRequest(bool? DryRun);
