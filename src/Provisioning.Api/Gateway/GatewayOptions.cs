using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Gateway;

public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>The longest lifetime a tenant access token may ask for.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A token's lifetime when the request names none.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The default <see cref="Issuer"/>: the same in every deployment, so Production refuses it (<see cref="GatewayIssuerValidator"/>).</summary>
    public const string DefaultIssuer = "provisioning";

    /// <summary>
    /// The <c>iss</c> of the tokens, validated on use: this deployment's own name (its public URL, say), so that tokens
    /// another deployment minted, even from a copy of this one's database and key ring, are refused here.
    /// </summary>
    [Required, MaxLength(200)]
    public string Issuer { get; set; } = DefaultIssuer;

    /// <summary>
    /// A new signing key signs only this long after it was made, so that every instance has loaded it (they reload
    /// keys every <see cref="KeyRefreshInterval"/>) before the first token it signed reaches them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyActivationDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Request bodies forwarded to Twilio are streamed, up to this size (imports upload their files elsewhere).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests per second each tenant's memory may take through the gateway (a token bucket; bursts up to one second's worth).</summary>
    [Range(1, 100_000)]
    public int RequestsPerSecondPerTenant { get; set; } = 50;

    /// <summary>
    /// Whether a ControlPlane or Admin API key may use the gateway (as any tenant, all scopes). Off by default: the
    /// gateway takes tenant tokens only, so a leaked runtime credential is one tenant's, never every tenant's.
    /// </summary>
    public bool AllowApiKeys { get; set; }

    /// <summary>How long the gateway waits for Twilio before it answers 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The <c>Retry-After</c> of a 503 "memory not ready": the tenant's store is still being provisioned, or Twilio
    /// answered 520042 (the store is not ACTIVE). Store creation takes tens of seconds to minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan NotReadyRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultTokenLifetime > MaxTokenLifetime)
            yield return new ValidationResult("Gateway:DefaultTokenLifetime cannot be longer than Gateway:MaxTokenLifetime.");
        if (KeyActivationDelay < KeyRefreshInterval)
            yield return new ValidationResult("Gateway:KeyActivationDelay must be at least Gateway:KeyRefreshInterval, or instances would meet tokens signed with a key they have not loaded.");
    }
}
