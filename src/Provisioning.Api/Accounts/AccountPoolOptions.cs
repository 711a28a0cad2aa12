using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Accounts;

public sealed class AccountPoolOptions
{
    public const string SectionName = "AccountPool";

    /// <summary>
    /// Shared subaccounts are named <c>&lt;prefix&gt;-pool-0001</c>, …, a dedicated tenant's <c>&lt;prefix&gt;-tenant-&lt;clientId&gt;</c>, so
    /// that a subaccount whose create reply was lost is found again by name (A2). At most 31 characters: with the
    /// longest clientId (25) a dedicated name is then Twilio's 64.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,30}$",
        ErrorMessage = "AccountPool:SubaccountPrefix must be 1-31 letters, digits or hyphens (a dedicated subaccount is named <prefix>-tenant-<clientId>, at most 64 characters).")]
    public string SubaccountPrefix { get; set; } = "provisioning";

    /// <summary>The name of the <paramref name="number"/>th shared subaccount.</summary>
    public string PooledSubaccountName(int number) => $"{SubaccountPrefix}-pool-{number:D4}";

    /// <summary>The name of a dedicated tenant's own subaccount.</summary>
    public string DedicatedSubaccountName(string clientId) => $"{SubaccountPrefix}-tenant-{clientId}";

    /// <summary>When fewer slots than this are free across the pool, the next subaccount is made ahead of demand.</summary>
    [Range(0, 1000)]
    public int HeadroomSlots { get; set; } = 5;

    /// <summary>
    /// Subaccounts one growth round creates at Twilio at once, when the signups waiting for a slot need that many: a burst
    /// waits for ⌈accounts needed / this⌉ creations, not for each in turn.
    /// </summary>
    [Range(1, 100)]
    public int MaxParallelSubaccountCreations { get; set; } = 8;

    /// <summary>Share of a parent's subaccount ceiling at which the service starts warning.</summary>
    [Range(0.0, 1.0)]
    public double CeilingWarningRatio { get; set; } = 0.9;

    /// <summary>How often a signup waiting for capacity (ceiling reached) looks again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CapacityRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a rotated-out subaccount key stays valid at Twilio: saga runs read an account's key once when they
    /// start, and one that started before the switch must not fail on a deleted key. Keep it above the longest run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetiredKeyGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Close a subaccount (API v2010 <c>Status=closed</c>) that has held nothing for this long; never when unset.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan? CloseEmptySubaccountsAfter { get; set; }

    /// <summary>Cron (UTC) of the pool's housekeeping: retired keys deleted, rotations a crash interrupted finished, empty subaccounts closed.</summary>
    [Required]
    public string HousekeepingCron { get; set; } = "* * * * *";

    /// <summary>
    /// The FriendlyName of every API key the service makes in a subaccount. Keys are found by it again: a key whose
    /// create reply was lost (its secret with it) is ours to delete, and keys anyone else made are never touched.
    /// </summary>
    public string ApiKeyName => $"{SubaccountPrefix}-provisioning";
}
