using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Tenants;

/// <summary>How the tenant sagas pace themselves, retry and give up, and how long offboarding waits.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    /// <summary>Failed attempts of one tenant's saga before it is marked Failed (an admin can retry it).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First delay before a failed attempt is retried; doubles each time, with full jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Poll interval when Twilio sends no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait in one attempt for an operation to end or a store to become ACTIVE.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Onboarding sagas one worker process runs at once. A saga waiting on Twilio holds no Hangfire worker, thread or
    /// connection, so this bounds only memory and the burst the process puts on Twilio and the database (Twilio's own
    /// limits are kept by Twilio:MaxConcurrentRequests*); more wait their turn in the process.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRuns { get; set; } = 1000;

    /// <summary>
    /// How long a process holds a tenant's run without renewing it. The holder renews it at each checkpoint and with a
    /// heartbeat every third of it; a process that dies (killed, its node or its database connection lost) lets it
    /// run out, and any live process then takes the tenant up. Short enough that a crash costs seconds, long enough
    /// that a busy process's heartbeat is never late.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan RunLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker looks for due runs besides the database's notifications (a missed one costs at most this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RunSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an offboarded tenant waits, restorable, before its Twilio resources are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DeletionGracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A tenant Failed for longer than this stops holding its slot: given back when Twilio holds nothing of it, or the
    /// tenant offboarded when it never was Ready; one that was Ready once keeps everything (docs/reliability.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan FailedSlotRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most tenants a bulk retry starts per second, so that a bulk action never floods Twilio.</summary>
    [Range(1, 1000)]
    public int BulkRetryPerSecond { get; set; } = 10;

    /// <summary>
    /// Most live tenants the deployment takes: a quota against runaway signups (a leaked control-plane key, a looping
    /// client). Raise it on purpose when the business grows past it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxTenants { get; set; } = 10_000;

    /// <summary>
    /// Most live dedicated tenants, each of which takes a subaccount of its own: well below a parent's ceiling of 1,000
    /// subaccounts, so that dedicated signups cannot leave no subaccount for the pooled ones. 0: none.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxDedicatedTenants { get; set; } = 100;

    /// <summary>The isolation of a signup that does not say (<c>pooled</c> or <c>dedicated</c>).</summary>
    [EnumDataType(typeof(TenantIsolation))]
    public TenantIsolation DefaultIsolation { get; set; } = TenantIsolation.Pooled;

    /// <summary>
    /// The blueprint of a signup that names none (<c>Provisioning__DefaultBlueprint</c>); none when empty. Only its form is
    /// checked at start (the blueprints live in the database): a signup while no blueprint has this name is a 422.
    /// </summary>
    [RegularExpression(@"^[a-z][a-z0-9-]{0,62}$", ErrorMessage = "Provisioning:DefaultBlueprint must be a blueprint name: 1-63 lowercase letters, digits and hyphens, starting with a letter.")]
    public string? DefaultBlueprint { get; set; }

    /// <summary>Cron of the failed-tenant retention (UTC).</summary>
    [Required]
    public string RetentionCron { get; set; } = "* * * * *";
}
