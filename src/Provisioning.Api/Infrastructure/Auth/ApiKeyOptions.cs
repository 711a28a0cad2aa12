using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Configured as Auth__ApiKeys__0__Name, __Role and __Sha256; the key itself is never configured.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    [Required, MaxLength(100)]
    public string Name { get; set; } = "";

    [Required, RegularExpression("^(ControlPlane|Admin)$", ErrorMessage = "Auth:ApiKeys:*:Role must be ControlPlane or Admin.")]
    public string Role { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the key.</summary>
    [Required, RegularExpression("^[0-9a-f]{64}$", ErrorMessage = "Auth:ApiKeys:*:Sha256 must be the lowercase hex SHA-256 of the key (64 characters).")]
    public string Sha256 { get; set; } = "";
}

public static class Roles
{
    public const string ControlPlane = "ControlPlane";
    public const string Admin = "Admin";
}

public static class Policies
{
    /// <summary>The ISV's control plane; Admin may do everything it may.</summary>
    public const string ControlPlane = "ControlPlane";

    public const string Admin = "Admin";
}
