using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>A store's identity resolution settings (contract §12.2): identifier configs with every default filled in, and the matching order.</summary>
public sealed class IdentityResolutionSettings
{
    /// <summary><c>IdentifierConfig</c> objects as validated, defaults included.</summary>
    public JsonArray IdentifierConfigs { get; set; } = [];

    public List<string> MatchingRules { get; set; } = [];

    public int Version { get; set; } = 1;

    public string ETag => $"\"{Version}\"";
}
