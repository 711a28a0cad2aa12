using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// <c>X-Provisioning-Signature: v1=&lt;hex HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;body&gt;")&gt;</c>, with the Unix
/// timestamp in <c>X-Provisioning-Timestamp</c>. Signing the timestamp lets a receiver refuse replays.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Provisioning-Timestamp";
    public const string SignatureHeader = "X-Provisioning-Signature";

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: recompute, compare in constant time, and bound the clock skew.</summary>
    public static bool Verify(string secret, string timestampHeader, string signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, out var timestamp)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance) return false;
        var expected = Encoding.UTF8.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signatureHeader));
    }
}
