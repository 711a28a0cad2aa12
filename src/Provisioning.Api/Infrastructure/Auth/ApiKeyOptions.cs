using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Auth;

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
