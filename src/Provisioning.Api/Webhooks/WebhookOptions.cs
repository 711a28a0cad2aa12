using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>The control plane's receiver of every tenant's lifecycle events; optional.</summary>
    public Uri? Url { get; set; }

    /// <summary>HMAC-SHA256 key the signature is made with. Required to send anything.</summary>
    public string? Secret { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrEmpty(Secret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && string.IsNullOrEmpty(Secret))
            yield return new ValidationResult("Webhooks:Secret is required when Webhooks:Url is set: every delivery is signed.", [nameof(Secret)]);
        if (Secret is { Length: > 0 and < 16 })
            yield return new ValidationResult("Webhooks:Secret must be at least 16 characters.", [nameof(Secret)]);
    }
}
