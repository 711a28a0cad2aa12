
namespace Provisioning.Api.Infrastructure.Auth;

public static class Roles
{
    public const string ControlPlane = "ControlPlane";
    public const string Admin = "Admin";
}
