using FluentValidation;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Blueprints;

public sealed class CreateBlueprintRequestValidator : AbstractValidator<CreateBlueprintRequest>
{
    public CreateBlueprintRequestValidator(BlueprintDocumentValidator document)
    {
        RuleFor(r => r.Name)
            .Must(TenantRules.IsValidBlueprintName)
            .WithMessage("'name' is required: 1-63 lowercase letters, digits and hyphens, starting with a letter.");
        Include(document);
    }
}
