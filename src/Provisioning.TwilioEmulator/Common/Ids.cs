using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator;

/// <summary>Generates and recognises the identifier formats of contract §1.6.</summary>
public static partial class Ids
{
    // TTID-style ids use lowercase Crockford base32; the first character is limited to 0-7 as in the store pattern.
    private const string Base32 = "0123456789abcdefghjkmnpqrstvwxyz";
    private const string Hex = "0123456789abcdef";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewAccountSid() => "AC" + Random(Hex, 32);

    public static string NewApiKeySid() => "SK" + Random(Hex, 32);

    public static string NewAuthToken() => Random(Hex, 32);

    public static string NewApiKeySecret() => Random(Alphanumeric, 32);

    public static string NewIntelligenceServiceId() => "GA" + Random(Hex, 32);

    /// <summary>Stands in for the signature of a presigned upload URL.</summary>
    public static string NewUploadSignature() => Random(Hex, 64);

    public static string NewStoreId() => "mem_store_" + NewTtid();

    /// <summary>The configuration id prefix of Twilio's resource examples.</summary>
    public const string ConversationsConfigurationPrefix = "conv_configuration_";

    /// <summary>The configuration id prefix of Twilio's 202 and operation examples (§12 P24).</summary>
    public const string ConfigurationPrefix = "cfg_configuration_";

    public static string NewConfigurationId(string prefix = ConversationsConfigurationPrefix) => prefix + NewTtid();

    public static bool IsConfigurationIdPrefix(string? value) => value is ConversationsConfigurationPrefix or ConfigurationPrefix;

    public static string NewMemoryOperationId() => "mem_operation_" + NewTtid();

    public static string NewConversationsOperationId() => "proc_job_" + NewTtid();

    public static string NewProfileId() => "mem_profile_" + NewTtid();

    public static string NewObservationId() => "mem_observation_" + NewTtid();

    public static string NewSummaryId() => "mem_summary_" + NewTtid();

    public static string NewImportId() => "mem_import_" + NewTtid();

    /// <summary>26 characters: one of 0-7, then 25 base32 characters.</summary>
    public static string NewTtid() => Random("01234567", 1) + Random(Base32, 25);

    public static bool IsAccountSid(string? value) => value is not null && AccountSidPattern().IsMatch(value);

    public static bool IsApiKeySid(string? value) => value is not null && ApiKeySidPattern().IsMatch(value);

    public static bool IsStoreId(string? value) => value is not null && StoreIdPattern().IsMatch(value);

    public static bool IsConversationId(string? value) => value is not null && ConversationIdPattern().IsMatch(value);

    private static string Random(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);

    // \z rather than $ throughout: $ also matches before a final newline.
    [GeneratedRegex(@"^AC[0-9a-fA-F]{32}\z")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex(@"^SK[0-9a-fA-F]{32}\z")]
    private static partial Regex ApiKeySidPattern();

    [GeneratedRegex(@"^mem_(store|service)_[0-7][0-9a-z]{25}\z")]
    private static partial Regex StoreIdPattern();

    [GeneratedRegex(@"^conv_conversation_[0-7][0-9a-z]{25}\z")]
    private static partial Regex ConversationIdPattern();
}
