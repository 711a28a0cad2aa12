namespace Provisioning.Api.Tenants;

/// <summary>
/// How a tenant's voice calls reach its configuration (P22). <see cref="Active"/>: the tenant's TwiML names the
/// configuration (<c>&lt;ConversationRelay conversationConfiguration="…"&gt;</c> or <c>&lt;Transcription&gt;</c>), and the
/// configuration's VOICE entry holds status timeouts only. <see cref="Passive"/>: capture rules for the tenant's numbers,
/// for which Twilio provisions call filtering and Real-Time Transcription, billed per call; combined with
/// ConversationRelay on the same call both speech-to-text engines run and both are billed.
/// </summary>
public static class VoiceIngestion
{
    public const string Active = "active";
    public const string Passive = "passive";

    public static readonly IReadOnlyList<string> All = [Active, Passive];

    /// <summary>What a signup gets when it does not say: no capture rules, so no transcription it did not ask for.</summary>
    public const string Default = Active;

    /// <summary>
    /// What a VOICE channel stored without <c>ingestion</c> means: it was written before the setting existed, when every
    /// VOICE number became a capture rule. Reading it as passive keeps those tenants' configurations as they are.
    /// </summary>
    public const string Legacy = Passive;
}
