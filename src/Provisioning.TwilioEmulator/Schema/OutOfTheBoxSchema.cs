using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// What a new store holds before anyone changes it. Twilio documents an out-of-the-box contact group (P7) without its
/// exact name, traits or promotions, and does not document a new store's identity resolution settings (P10): the
/// choices here follow Twilio's examples (the <c>Contact</c> group every example writes, the email and phone identifier
/// configs of the spec's example settings) and are the emulator's, not Twilio's word.
/// </summary>
public static class OutOfTheBoxSchema
{
    public const string ContactGroup = "Contact";

    /// <summary>The contact traits of Twilio's examples, in their order; the first two are promoted to identifiers.</summary>
    public static readonly IReadOnlyList<string> ContactTraits =
        ["email", "phone", "firstName", "lastName", "street", "city", "state", "postalCode", "country", "preferredLanguage"];

    /// <summary>Identifier types of the default settings, in matching order: each is a contact trait of the same name.</summary>
    public static readonly IReadOnlyList<string> IdentifierTypes = ["email", "phone"];

    public static SchemaModel Create(long contactSequence)
    {
        var traits = new JsonObject();
        foreach (var name in ContactTraits)
        {
            var definition = new JsonObject { ["dataType"] = "STRING" };
            if (IdentifierTypes.Contains(name)) definition["idTypePromotion"] = name;
            traits[name] = definition;
        }

        return new SchemaModel
        {
            TraitGroups =
            [
                new TraitGroupDefinition
                {
                    DisplayName = ContactGroup,
                    Description = "Out-of-the-box contact traits.",
                    Traits = traits,
                    Protected = true,
                    ProtectedTraits = [.. IdentifierTypes],
                    Sequence = contactSequence,
                },
            ],
            IdentityResolution = new IdentityResolutionSettings
            {
                IdentifierConfigs = [.. IdentifierTypes.Select(type => (JsonNode)IdentifierConfigs.WithDefaults(new JsonObject
                {
                    ["idType"] = type,
                    ["matchingAlgo"] = "exact",
                    ["normalization"] = type,
                    ["enforceUnique"] = true,
                }))],
                MatchingRules = [.. IdentifierTypes],
            },
        };
    }
}
