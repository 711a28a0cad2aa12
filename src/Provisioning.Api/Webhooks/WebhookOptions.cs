using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// The control plane's receiver of every tenant's lifecycle events; optional. The operator's own choice, so
    /// deliveries to it skip the outbound address check (they still follow no redirect and read little).
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>HMAC-SHA256 key the signature is made with. Required to send anything.</summary>
    public string? Secret { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Hangfire workers of the webhooks queue (tenants' receivers) in a worker process, apart from the sagas' workers.</summary>
    [Range(1, 100)]
    public int WorkerCount { get; set; } = 5;

    /// <summary>Hangfire workers of the operator's own queue (<see cref="Url"/>): no tenant's receiver can hold them.</summary>
    [Range(1, 20)]
    public int OperatorWorkerCount { get; set; } = 2;

    /// <summary>
    /// Longest wait for a tenant's receiver to accept a connection: a host that drops packets costs this, not the whole
    /// <see cref="Timeout"/>. Not for the operator's receiver, whose connection is bounded by <see cref="Timeout"/> only.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts in a row to one tenant receiver host (host and port) that got no answer (no connection, or no answer in time) before its circuit opens.</summary>
    [Range(1, 1000)]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long deliveries to a host whose circuit opened are deferred (holding no worker) before one attempt tries it again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BreakerCooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a delivery's body (and a tenant receiver's URL) is kept after it was delivered or given up: it holds the
    /// tenant as it was, personal fields included. Past it, the recurring payload retention redacts them.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan PayloadRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Cron (UTC) of the payload retention.</summary>
    [Required]
    public string PayloadRetentionCron { get; set; } = "*/10 * * * *";

    /// <summary>
    /// A delivery whose job was not enqueued this long after it was written (its process died between the commit and
    /// the enqueue) is enqueued by the outbox relay. Long enough that the relay never races the normal enqueue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RelayAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker's outbox relay looks for deliveries no job was enqueued for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RelayInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Accept <c>http</c> callback and status callback URLs; otherwise only <c>https</c>. For local runs and tests.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Lift the outbound address check (loopback, private, link-local … hosts and resolved addresses). For local runs
    /// and tests only: with it, any ControlPlane key can make the service call into its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>When not empty, a tenant's callbackUrl must have one of these host names (exact, any case).</summary>
    public string[] AllowedHosts { get; set; } = [];

    public bool Enabled => !string.IsNullOrEmpty(Secret);

    /// <summary>Whether <paramref name="url"/> is the operator's receiver (<see cref="Url"/>) rather than a tenant's.</summary>
    public bool IsOperatorUrl(string url) => Url is { } operatorUrl && url == operatorUrl.AbsoluteUri;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && string.IsNullOrEmpty(Secret))
            yield return new ValidationResult("Webhooks:Secret is required when Webhooks:Url is set: every delivery is signed.", [nameof(Secret)]);
        if (Secret is { Length: > 0 and < 16 })
            yield return new ValidationResult("Webhooks:Secret must be at least 16 characters.", [nameof(Secret)]);
        if (ConnectTimeout > Timeout)
            yield return new ValidationResult("Webhooks:ConnectTimeout must not be longer than Webhooks:Timeout.", [nameof(ConnectTimeout)]);
        foreach (var host in AllowedHosts.Where(h => Uri.CheckHostName(h) == UriHostNameType.Unknown))
            yield return new ValidationResult($"Webhooks:AllowedHosts lists '{host}', which is not a host name or address (no scheme, port or path).", [nameof(AllowedHosts)]);
    }
}
