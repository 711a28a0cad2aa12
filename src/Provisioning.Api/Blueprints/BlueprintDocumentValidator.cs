using FluentValidation;
using Provisioning.Api.Tenants;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// The content of a blueprint body against Twilio's published limits (contract §12.2), each problem under the field it
/// concerns (<c>traitGroups[0].traits[tier].dataType</c>: map keys in brackets, as written). Included by the validators
/// of both bodies.
/// </summary>
public sealed class BlueprintDocumentValidator : AbstractValidator<IBlueprintDocument>
{
    public BlueprintDocumentValidator(OutboundAddressPolicy outbound)
    {
        RuleFor(d => d.TraitGroups).Custom((groups, context) =>
        {
            // A promotion must name a configured idType (P10): checkable when the blueprint configures them.
            var idTypes = IdentityResolutionErrors.IdTypesOf(context.InstanceToValidate.IdentityResolution);
            Report(context, TraitGroupErrors.Of(groups, idTypes));
        });
        RuleFor(d => d.IdentityResolution).Custom((settings, context) => Report(context, IdentityResolutionErrors.Of(settings)));
        RuleFor(d => d.DataMappings).Custom((mappings, context) => Report(context, DataMappingErrors.Of(mappings)));
        RuleFor(d => d.Orchestrator).Custom((orchestrator, context) => Report(context, OrchestratorDefaultsErrors.Of(orchestrator, outbound)));
        RuleFor(d => d.Reason)
            .Must(TenantRules.IsValidReason)
            .WithMessage($"'reason' is optional: at most {TenantRules.ReasonMaxLength} characters, without control characters.");
    }

    private static void Report<T>(ValidationContext<T> context, IEnumerable<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors) context.AddFailure(field, message);
    }
}
