using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>A recap of one conversation (<c>mem_summary_…</c>).</summary>
public sealed class ConversationSummary : ProfileMemory
{
    public required string ConversationId { get; set; }

    protected override void AddConversations(JsonObject body) => body["conversationId"] = ConversationId;
}
