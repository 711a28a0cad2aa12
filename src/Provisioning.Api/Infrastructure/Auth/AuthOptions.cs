
namespace Provisioning.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Configured as Auth__ApiKeys__0__Name, __Role and __Sha256; the key itself is never configured.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}
