using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>One trait value. <see cref="Sequence"/> is fixed when the trait is first set, so updates keep its place in lists.</summary>
public sealed class ProfileTrait
{
    public required JsonNode Value { get; set; }
    public required DateTimeOffset Timestamp { get; set; }
    public required long Sequence { get; init; }
}
