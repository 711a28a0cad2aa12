namespace Provisioning.Api.Accounts;

public enum PoolAccountStatus
{
    Active,
    Suspended,
    Closed,
}
