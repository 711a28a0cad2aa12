using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Accounts;

public sealed class AccountPoolOptions
{
    public const string SectionName = "AccountPool";

    /// <summary>Subaccounts are named <c>&lt;prefix&gt;-pool-0001</c>, … so a lost reply can be found again by name (A2).</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,40}$", ErrorMessage = "AccountPool:SubaccountPrefix must be 1-41 letters, digits or hyphens.")]
    public string SubaccountPrefix { get; set; } = "provisioning";

    /// <summary>When fewer slots than this are free across the pool, the next subaccount is made ahead of demand.</summary>
    [Range(0, 1000)]
    public int HeadroomSlots { get; set; } = 5;

    /// <summary>Share of the subaccount ceiling at which the service starts warning.</summary>
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
