using FluentValidation;

namespace Provisioning.Api.Blueprints;

public sealed class ReviseBlueprintRequestValidator : AbstractValidator<ReviseBlueprintRequest>
{
    public ReviseBlueprintRequestValidator(BlueprintDocumentValidator document) => Include(document);
}
