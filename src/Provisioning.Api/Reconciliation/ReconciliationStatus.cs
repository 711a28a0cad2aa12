namespace Provisioning.Api.Reconciliation;

public enum ReconciliationStatus
{
    Running,
    Completed,
    Failed,
}
