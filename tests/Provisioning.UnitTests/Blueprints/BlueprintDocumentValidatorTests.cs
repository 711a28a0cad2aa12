using FluentValidation.TestHelper;
using Microsoft.Extensions.Options;
using Provisioning.Api.Blueprints;
using Provisioning.Api.Webhooks;

namespace Provisioning.UnitTests.Blueprints;

/// <summary>The rules of a blueprint's content that depend on more than one field, and what a valid document looks like.</summary>
public sealed class BlueprintDocumentValidatorTests
{
    private readonly CreateBlueprintRequestValidator _validator =
        new(new BlueprintDocumentValidator(new OutboundAddressPolicy(Options.Create(new WebhookOptions()))));

    private static readonly IReadOnlyList<TraitGroup?> PromotedAccount =
    [
        new TraitGroup("Account", null, new Dictionary<string, TraitDefinition?> { ["accountNumber"] = new("STRING", null, null, "external_id") }),
    ];

    [Fact]
    public void The_issues_example_is_valid() =>
        _validator.TestValidate(new CreateBlueprintRequest("support",
                [new TraitGroup("Account", null, new Dictionary<string, TraitDefinition?> { ["tier"] = new("STRING", null, null, null) })],
                Orchestrator: new OrchestratorDefaults(MemoryExtractionEnabled: true)))
            .ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void A_promotion_must_name_an_idType_the_blueprint_configures()
    {
        var result = _validator.TestValidate(new CreateBlueprintRequest("promoted", PromotedAccount,
            new IdentityResolutionSettings([new IdentifierConfig("email")], ["email"])));

        result.ShouldHaveValidationErrorFor("traitGroups[0].traits[accountNumber].idTypePromotion");
    }

    [Fact]
    public void A_promotion_to_a_configured_idType_is_valid() =>
        _validator.TestValidate(new CreateBlueprintRequest("promoted", PromotedAccount,
                new IdentityResolutionSettings([new IdentifierConfig("email"), new IdentifierConfig("external_id")], ["external_id", "email"])))
            .ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Without_identity_resolution_a_promotion_is_left_to_the_stores_settings() =>
        _validator.TestValidate(new CreateBlueprintRequest("promoted", PromotedAccount)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("STRING", "^[A-Z]{2}[0-9]+$", null, null)]
    [InlineData("NUMBER", null, 0.0, 10.5)]
    [InlineData("BOOLEAN", null, null, null)]
    public void Each_rule_type_takes_its_own_fields(string type, string? pattern, double? min, double? max) =>
        _validator.TestValidate(new CreateBlueprintRequest("rules",
                [new TraitGroup("Account", null, new Dictionary<string, TraitDefinition?> { ["value"] = new(type, null, new TraitValidationRule(type, pattern, Min: min, Max: max), null) })]))
            .ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Many_problems_are_reported_together_each_under_its_field()
    {
        var result = _validator.TestValidate(new CreateBlueprintRequest("Bad Name",
            [new TraitGroup("Account", null, new Dictionary<string, TraitDefinition?> { ["Tier"] = new("TEXT", null, null, null) }), null]));

        result.ShouldHaveValidationErrorFor(r => r.Name);
        result.ShouldHaveValidationErrorFor("traitGroups[0].traits[Tier]");
        result.ShouldHaveValidationErrorFor("traitGroups[0].traits[Tier].dataType");
        result.ShouldHaveValidationErrorFor("traitGroups[1]");
    }
}
