namespace Provisioning.Api.Tenants;

/// <summary>Where a tenant's run stands (<see cref="TenantRun.StateAt"/>).</summary>
public enum TenantRunState
{
    Idle,
    Scheduled,
    Due,
    Running,
    Overdue,
}
