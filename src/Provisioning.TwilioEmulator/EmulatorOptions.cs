namespace Provisioning.TwilioEmulator;

/// <summary>
/// All knobs of the emulator. Bound from the <c>Emulator</c> configuration section at start-up and
/// replaceable at run time through <c>PUT /_emulator/settings</c>.
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The top-level (parent) account. Development default; never a real credential.</summary>
    public string AccountSid { get; set; } = "AC0123456789abcdef0123456789abcdef";

    public string AuthToken { get; set; } = "fedcba9876543210fedcba9876543210";

    public string AccountFriendlyName { get; set; } = "Emulator parent account";

    /// <summary>More top-level accounts, each with its own subaccounts (created on reset, like the first).</summary>
    public List<EmulatorParentAccount> AdditionalParents { get; set; } = [];

    /// <summary>Maximum number of Memory stores per account SID (stores being deleted still count).</summary>
    public int StoreCap { get; set; } = 15;

    public StoreCapMode StoreCapMode { get; set; } = StoreCapMode.RejectSynchronously;

    /// <summary>
    /// HTTP status used when the store cap is hit in <see cref="StoreCapMode.RejectSynchronously"/>. Twilio documents
    /// the code (520044) but no status (contract §12); 400 is the emulator's choice.
    /// </summary>
    public int StoreCapErrorStatus { get; set; } = 400;

    /// <summary>Twilio error code used when the store cap is hit (both modes): 520044 "Memory store limit exceeded" (§12 P2).</summary>
    public int StoreCapErrorCode { get; set; } = 520044;

    /// <summary>
    /// When false (default) a create or rename onto a display name an account already uses gets code 520045 "Memory
    /// store already exists" (§12 P1), with <see cref="DuplicateStoreNameErrorStatus"/>. A FAILED store keeps its name
    /// until it is deleted (§12 P3).
    /// </summary>
    public bool AllowDuplicateStoreNames { get; set; }

    /// <summary>HTTP status of a 520045 answer. Twilio documents none (contract §12); 409 is the emulator's choice.</summary>
    public int DuplicateStoreNameErrorStatus { get; set; } = 409;

    /// <summary>
    /// How a store PATCH (M4) answers when it is accepted: 202 with an operation, as the Memory spec lists (default), or
    /// 200 with the store, as Twilio's async-operations page implies ("All other operations run synchronously", §12 P6).
    /// </summary>
    public StorePatchAnswer StorePatchAnswer { get; set; } = StorePatchAnswer.Accepted;

    /// <summary>
    /// How long a Memory operation stays queryable after it completed: 7 days (§12 P5). Past it, and for an unknown id,
    /// <c>GET /v1/ControlPlane/Operations/{id}</c> answers 404 with code 520052.
    /// </summary>
    public int OperationRetentionHours { get; set; } = 168;

    public StoreDeleteMode StoreDeleteMode { get; set; } = StoreDeleteMode.Allow;

    /// <summary>What a store PATCH that changes <c>displayName</c> does (tests of clients that must confirm a rename).</summary>
    public StoreRenameOutcome StoreRenameOutcome { get; set; } = StoreRenameOutcome.Applied;

    /// <summary>
    /// Maximum number of Orchestrator configurations per account SID (contract §10 L1). Every configuration whose
    /// delete has not completed counts, visible or not yet visible.
    /// </summary>
    public int ConfigurationCap { get; set; } = 10;

    /// <summary>When false (default) PATCH on a configuration gets 405/20004: the live service takes PUT only (§10 L2).</summary>
    public bool AllowConfigurationPatch { get; set; }

    /// <summary>Whether a configuration create's 202 and operation carry the new id (§10 L3).</summary>
    public ConfigurationIdDisclosure ConfigurationIdInCreateResponse { get; set; } = ConfigurationIdDisclosure.RandomHalf;

    /// <summary>
    /// Prefix of new configuration ids. Twilio's resource examples use <c>conv_configuration_</c>, its 202 and operation
    /// examples <c>cfg_configuration_</c> (§12 P24), so clients must treat ids as opaque; either can be chosen.
    /// </summary>
    public string ConfigurationIdPrefix { get; set; } = Ids.ConversationsConfigurationPrefix;

    /// <summary>
    /// The body of Conversations (<c>/v2/</c>) error answers: the classic object of the spec (default) or the shape of
    /// Orchestrator's troubleshooting page, <c>{code, httpStatusCode, message, userError, params}</c> (§12 P23).
    /// </summary>
    public OrchestratorErrorShape OrchestratorErrorShape { get; set; } = OrchestratorErrorShape.Classic;

    /// <summary>Seed of the generator behind <see cref="ConfigurationIdDisclosure.RandomHalf"/>.</summary>
    public int ConfigurationIdOmissionSeed { get; set; } = 42;

    /// <summary>How long Memory operations stay PENDING/RUNNING before they complete.</summary>
    public int OperationDelayMs { get; set; } = 300;

    /// <summary>How long a store stays PROVISIONING after its create operation completed, before it is ACTIVE.</summary>
    public int StoreActivationDelayMs { get; set; } = 300;

    /// <summary>How long Conversations (configuration) operations stay PENDING/RUNNING.</summary>
    public int ConfigurationOperationDelayMs { get; set; } = 300;

    /// <summary>A newly created store or configuration is invisible (404, absent from lists) for this long.</summary>
    public int EventualConsistencyWindowMs { get; set; }

    /// <summary>
    /// Maximum number of profiles per Memory Store (contract §11: 10,000 on the beta limits page). A write that would
    /// create one more is refused with 400 / code 400.
    /// </summary>
    public int ProfileCap { get; set; } = 10_000;

    /// <summary>
    /// How long an accepted observation or conversation summary stays out of lists and Recall while it is "indexed"
    /// (contract §11: readable after about 2 s).
    /// </summary>
    public int DataPlaneConsistencyWindowMs { get; set; } = 2000;

    /// <summary>
    /// When set, the whole state is loaded from this JSON file at start and written back to it after every
    /// state-changing request (coalesced) and at shutdown. Fixed at start-up.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Added to every Twilio API request (not to /_emulator).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Requests one account may have in flight; past it Twilio answers 429 with Retry-After. 0: no limit.</summary>
    public int MaxConcurrentRequestsPerAccount { get; set; }

    /// <summary>Probability (0..1) that a Twilio API request fails with one of <see cref="ErrorStatusCodes"/>.</summary>
    public double ErrorRate { get; set; }

    public List<int> ErrorStatusCodes { get; set; } = [429, 500, 503];

    /// <summary>
    /// Probability (0..1) that a write (POST, PUT, PATCH, DELETE) is carried out but answered with
    /// <see cref="LostAcknowledgementStatus"/>: the reply is lost, the change is not.
    /// </summary>
    public double LostAcknowledgementRate { get; set; }

    public int LostAcknowledgementStatus { get; set; } = 503;

    /// <summary>Value of the Retry-After header on 202s, operation fetches, 429s and 503s.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Headers added to every Twilio API answer (not to /_emulator), as Twilio's edge adds its own
    /// (<c>Twilio-Request-Id</c>, <c>Access-Control-*</c>, ...): lets a client prove which ones it passes on.
    /// </summary>
    public Dictionary<string, string> ResponseHeaders { get; set; } = [];

    /// <summary>How many requests the request log keeps (oldest are dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    public EmulatorOptions Clone()
    {
        var copy = (EmulatorOptions)MemberwiseClone();
        copy.ErrorStatusCodes = [.. ErrorStatusCodes];
        copy.ResponseHeaders = new Dictionary<string, string>(ResponseHeaders, StringComparer.OrdinalIgnoreCase);
        copy.AdditionalParents = [.. AdditionalParents.Select(p => new EmulatorParentAccount { AccountSid = p.AccountSid, AuthToken = p.AuthToken, FriendlyName = p.FriendlyName })];
        return copy;
    }

    /// <summary>Returns the first problem with these values, or null when they are usable.</summary>
    public string? Validate()
    {
        if (!Ids.IsAccountSid(AccountSid)) return "AccountSid must match ^AC[0-9a-fA-F]{32}$";
        if (string.IsNullOrEmpty(AuthToken)) return "AuthToken must not be empty";
        if (AdditionalParents is null) return "AdditionalParents must be a list";
        if (AdditionalParents.Any(p => p is null || !Ids.IsAccountSid(p.AccountSid) || string.IsNullOrEmpty(p.AuthToken) || string.IsNullOrEmpty(p.FriendlyName)))
            return "AdditionalParents: each needs an AccountSid (^AC[0-9a-fA-F]{32}$), an AuthToken and a FriendlyName";
        if (AdditionalParents.Select(p => p.AccountSid).Append(AccountSid).Distinct(StringComparer.Ordinal).Count() != AdditionalParents.Count + 1)
            return "AdditionalParents: every parent needs an AccountSid of its own";
        if (StoreCap < 0) return "StoreCap must be >= 0";
        if (StoreCapErrorStatus is < 400 or > 599) return "StoreCapErrorStatus must be a 4xx or 5xx status";
        if (DuplicateStoreNameErrorStatus is < 400 or > 499) return "DuplicateStoreNameErrorStatus must be a 4xx status";
        if (!Enum.IsDefined(StorePatchAnswer)) return "StorePatchAnswer must be Accepted or Applied";
        if (OperationRetentionHours < 0) return "OperationRetentionHours must be >= 0";
        if (!Ids.IsConfigurationIdPrefix(ConfigurationIdPrefix)) return $"ConfigurationIdPrefix must be {Ids.ConversationsConfigurationPrefix} or {Ids.ConfigurationPrefix}";
        if (!Enum.IsDefined(OrchestratorErrorShape)) return "OrchestratorErrorShape must be Classic or Troubleshooting";
        if (ConfigurationCap < 0) return "ConfigurationCap must be >= 0";
        if (ProfileCap < 0) return "ProfileCap must be >= 0";
        // The string-enum converter also accepts integers, so an undefined value can get this far.
        if (!Enum.IsDefined(ConfigurationIdInCreateResponse)) return "ConfigurationIdInCreateResponse must be Always, Never or RandomHalf";
        if (OperationDelayMs < 0 || StoreActivationDelayMs < 0 || ConfigurationOperationDelayMs < 0
            || EventualConsistencyWindowMs < 0 || DataPlaneConsistencyWindowMs < 0 || LatencyMs < 0) return "delays must be >= 0";
        if (MaxConcurrentRequestsPerAccount < 0) return "MaxConcurrentRequestsPerAccount must be >= 0";
        if (ErrorRate is < 0 or > 1) return "ErrorRate must be between 0 and 1";
        if (LostAcknowledgementRate is < 0 or > 1) return "LostAcknowledgementRate must be between 0 and 1";
        if (LostAcknowledgementStatus is < 400 or > 599) return "LostAcknowledgementStatus must be a 4xx or 5xx status";
        // JSON null can reach non-nullable properties through PUT /_emulator/settings.
        if (string.IsNullOrEmpty(AccountFriendlyName)) return "AccountFriendlyName must not be empty";
        if (ErrorStatusCodes is null || ErrorStatusCodes.Count == 0 || ErrorStatusCodes.Any(s => s is < 400 or > 599)) return "ErrorStatusCodes must be non-empty 4xx/5xx statuses";
        if (RetryAfterSeconds < 0) return "RetryAfterSeconds must be >= 0";
        if (RequestLogCapacity < 1) return "RequestLogCapacity must be >= 1";
        if (ResponseHeaders is null || ResponseHeaders.Any(h => string.IsNullOrWhiteSpace(h.Key) || h.Value is null))
            return "ResponseHeaders must map header names to values";
        return null;
    }
}
