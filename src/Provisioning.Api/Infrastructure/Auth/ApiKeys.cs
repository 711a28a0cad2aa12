using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Api.Infrastructure.Auth;

/// <summary>
/// Which configured key a presented key is, and who it makes the caller: shared by the <c>X-Api-Key</c> handler
/// and the console's sign-in, so that both accept exactly the same keys and name the same actor.
/// </summary>
public static class ApiKeys
{
    /// <summary>
    /// The configured key whose hash <paramref name="presented"/> has, or null. Every configured hash is compared,
    /// in constant time, so that neither timing nor position reveals which key almost matched.
    /// </summary>
    public static ApiKeyOptions? Find(IEnumerable<ApiKeyOptions> configured, string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyOptions? match = null;
        foreach (var key in configured)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(key.Sha256)))
                match ??= key;
        }
        return match;
    }

    /// <summary>The caller a key makes: its name (the audit trail's actor) and its role.</summary>
    public static List<Claim> ClaimsOf(ApiKeyOptions key) => [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)];
}
