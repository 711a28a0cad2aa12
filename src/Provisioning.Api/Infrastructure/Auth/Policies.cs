
namespace Provisioning.Api.Infrastructure.Auth;

public static class Policies
{
    /// <summary>The ISV's control plane; Admin may do everything it may.</summary>
    public const string ControlPlane = "ControlPlane";

    public const string Admin = "Admin";
}
