namespace Provisioning.Api.Console;

/// <summary>How the tenants list is ordered: newest signup first, or most recently changed first.</summary>
public enum TenantSort
{
    Created,
    Updated,
}
