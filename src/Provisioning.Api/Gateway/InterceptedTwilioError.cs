using System.Text.Json;

namespace Provisioning.Api.Gateway;

/// <summary>
/// A Twilio error answer the gateway does not pass through as it is, but answers in its own words (contract §12):
/// <list type="bullet">
/// <item>520042, the store is not ACTIVE: the tenant's memory is "not ready" (a 503 with <c>Retry-After</c>), not an
/// error of the caller's request;</item>
/// <item>520047, a trait group the store lacks, when Twilio sends it with a status that is not a 4xx (the status of
/// the new codes is undocumented): it is the caller's mistake, so a 422, never a 5xx. With a 4xx it passes through.</item>
/// </list>
/// Twilio's code is read from either error shape (<c>{code, message, …}</c> or <c>{code, httpStatusCode, …}</c>, P23).
/// </summary>
public sealed record InterceptedTwilioError(int Status, int Code, string? Message)
{
    public const int StoreNotActive = 520042;
    public const int TraitGroupMissing = 520047;

    /// <summary>Error bodies larger than this are passed through unread (Twilio's are a few hundred bytes).</summary>
    public const int MaxInspectedBodyBytes = 64 * 1024;

    /// <summary>Whether the gateway answers an error with this status and code itself.</summary>
    public static bool IsIntercepted(int status, int code) =>
        code == StoreNotActive || (code == TraitGroupMissing && status is < 400 or > 499);

    /// <summary>Twilio's <c>code</c> and <c>message</c> from an error body; null when it is not one.</summary>
    public static (int Code, string? Message)? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || !code.TryGetInt32(out var value)) return null;
            var message = root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            return (value, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
