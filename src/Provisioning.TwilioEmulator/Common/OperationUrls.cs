namespace Provisioning.TwilioEmulator;

/// <summary>Absolute URLs pointing at the real Twilio hosts, as a faithful emulator must produce (contract §5).</summary>
public static class OperationUrls
{
    public const string MemoryBase = "https://memory.twilio.com/v1/ControlPlane";
    public const string ConversationsBase = "https://conversations.twilio.com/v2/ControlPlane";

    public static string StatusUrl(ControlPlane plane, string operationId) =>
        $"{(plane == ControlPlane.Memory ? MemoryBase : ConversationsBase)}/Operations/{operationId}";
}
