using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Twilio;

/// <summary>
/// The parent Twilio accounts and where their three APIs live (contract §1.1, §5). One parent in the single-parent
/// form (<see cref="AccountSid"/>, <see cref="AuthToken"/>, <see cref="ApiKeySid"/>), or several in <see cref="Parents"/>;
/// <see cref="TwilioOptionsValidator"/> says how the two combine.
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    /// <summary>The single-parent form: parent 0 when <see cref="Parents"/> is empty.</summary>
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:AccountSid must be an account SID (AC + 32 hex characters).")]
    public string AccountSid { get; set; } = "";

    public string AuthToken { get; set; } = "";

    /// <summary>Optional API key (SK…) to authenticate as instead of the account SID (contract §1.2).</summary>
    [RegularExpression("^SK[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:ApiKeySid must be an API key SID (SK + 32 hex characters).")]
    public string? ApiKeySid { get; set; }

    [Required] public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com");
    [Required] public Uri MemoryBaseUrl { get; set; } = new("https://memory.twilio.com");
    [Required] public Uri ConversationsBaseUrl { get; set; } = new("https://conversations.twilio.com");

    /// <summary>Requests this process has in flight to one Twilio account at most (Twilio limits concurrency per account); more wait their turn.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentRequestsPerAccount { get; set; } = 10;

    /// <summary>Requests this process has in flight to Twilio at most, over all accounts.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 100;

    /// <summary>Timeout of one HTTP attempt; a timed-out write is treated as "outcome unknown".</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one call for failures that are safe to retry (see TwilioResiliencePolicy).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// How long a read may lag a write (product document: about 2 s). A store that is not visible yet is
    /// tolerated for this long, and a create whose outcome is unknown is not repeated before it has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ConsistencyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory Stores one account may hold (the SDK and product document say 15; Twilio's beta page says 5).</summary>
    [Range(1, 1000)]
    public int StoreCapPerAccount { get; set; } = 15;

    /// <summary>
    /// Conversation Orchestrator configurations one account may hold: 10 on the live service (L1). A tenant has one,
    /// so with the defaults an account holds min(15, 10) = 10 tenants.
    /// </summary>
    [Range(1, 1000)]
    public int ConfigurationCapPerAccount { get; set; } = 10;

    /// <summary>
    /// Subaccounts a parent may own (Twilio's default for an upgraded account): the single parent's, and the ceiling of
    /// every entry of <see cref="Parents"/> that sets none of its own.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxSubaccounts { get; set; } = 1000;

    /// <summary>Several parent accounts (<c>Twilio:Parents:0</c>, <c>:1</c>, …), filled in this order.</summary>
    public List<TwilioParentOptions> Parents { get; set; } = [];

    /// <summary>Tenants one account holds: a store and a configuration each.</summary>
    public int TenantsPerAccount => Math.Min(StoreCapPerAccount, ConfigurationCapPerAccount);

    /// <summary>The configured parents in fill order (valid options: <see cref="TwilioOptionsValidator"/> ran at start).</summary>
    public IReadOnlyList<TwilioParent> ParentAccounts() => Parents.Count == 0
        ? [new TwilioParent(0, DefaultParentName(0), Credentials(AccountSid, ApiKeySid, AuthToken), MaxSubaccounts)]
        : Parents.Select((p, i) => new TwilioParent(i, string.IsNullOrWhiteSpace(p.Name) ? DefaultParentName(i) : p.Name,
            Credentials(p.AccountSid, p.ApiKeySid, p.AuthToken), p.MaxSubaccounts ?? MaxSubaccounts)).ToList();

    /// <summary>"parent" for the first (the name the single parent always had in the pool), then "parent-1", …</summary>
    public static string DefaultParentName(int order) => order == 0 ? "parent" : $"parent-{order}";

    private static TwilioCredentials Credentials(string accountSid, string? apiKeySid, string secret) =>
        new(accountSid, string.IsNullOrEmpty(apiKeySid) ? accountSid : apiKeySid, secret);
}
