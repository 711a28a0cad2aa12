using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class AcceptResidualRequestValidator : AbstractValidator<AcceptResidualRequest>
{
    public AcceptResidualRequestValidator() =>
        RuleFor(r => r.Reason).NotEmpty().Must(TenantRules.IsValidReason)
            .WithMessage($"'reason' is required: at most {TenantRules.ReasonMaxLength} characters, without control characters.");
}
