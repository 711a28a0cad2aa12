using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// A trait group of a store's control plane (contract §12.2 <c>TraitGroup</c>): its trait definitions by name, in the
/// order they were defined, and a version that every applied change raises.
/// </summary>
public sealed class TraitGroupDefinition
{
    public required string DisplayName { get; init; }

    public string? Description { get; set; }

    /// <summary>Trait name → <c>TraitDefinition</c> as validated (<c>{dataType, description?, validationRule?, idTypePromotion?}</c>).</summary>
    public JsonObject Traits { get; set; } = [];

    public int Version { get; set; } = 1;

    /// <summary>The out-of-the-box group: it cannot be deleted (520050).</summary>
    public bool Protected { get; init; }

    /// <summary>Traits that cannot be changed or removed (520050): the out-of-the-box identifier traits.</summary>
    public List<string> ProtectedTraits { get; init; } = [];

    /// <summary>Creation order, for listing and keyset page tokens.</summary>
    public required long Sequence { get; init; }

    public string ETag => $"\"{Version}\"";

    public bool Defines(string traitName) => Traits.ContainsKey(traitName);
}
